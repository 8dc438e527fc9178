import { AlignmentType, Document, Footer, ImageRun, Packer, PageNumber, Paragraph, TextRun } from "docx";

import type { Fonts } from "./wordml.js";
import { readZipEntry, zipEntryNames } from "./zip-replace.js";

export interface PackagePicture {
  /** Shown size, in CSS pixels (96 per inch). */
  width: number;
  height: number;
  /** The drawing's name and its alt text (Word's "Alt Text" pane, screen readers). */
  name: string;
  alt: string;
}

export interface PackageOptions {
  title: string;
  creator: string;
  bodyFont: Fonts;
  bodySize: number;
  pageNumberFont: Fonts;
  pageNumberSize: number;
  pictures: PackagePicture[];
}

/** What the body written as text (wordml.ts) needs from the package docx wrote. */
export interface BriefingPackage {
  zip: Buffer;
  /** The root element's opening tag, with every namespace the drawings use. */
  documentOpen: string;
  /** `<w:footerReference …/>`: the footer with the page number, for each section's properties. */
  footerReference: string;
  /** One `<w:drawing>…</w:drawing>` per picture, in order, referring to its media part. */
  drawings: string[];
  /** Each picture's media part (`word/media/image1.png`), in order: its PNG goes there. */
  media: string[];
}

/**
 * The .docx package around a briefing's body: styles, properties, the footer with the PAGE field
 * (— 1 —, as GB/T 9704 prints page numbers), and the pictures as media parts with their
 * relationships and content types. docx writes all of that; the body (everything of size) is then
 * written as text and put in its place, reusing the drawings and the footer reference docx made.
 *
 * The media parts hold a few bytes of their own until the caller puts each PNG in its part
 * (`media`), stored as it is: docx would hash each picture to tell pictures apart and compress it
 * again in JavaScript, a tenth of a .docx's time for bytes that do not shrink (bench/, item 4). So
 * the package needs only the pictures' sizes, and is made while they are still being drawn.
 */
export async function briefingPackage(options: PackageOptions): Promise<BriefingPackage> {
  const document = new Document({
    title: options.title,
    creator: options.creator,
    styles: { default: { document: { run: { font: options.bodyFont, size: options.bodySize } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ["— ", PageNumber.CURRENT, " —"],
                    font: options.pageNumberFont,
                    size: options.pageNumberSize,
                  }),
                ],
              }),
            ],
          }),
        },
        children: options.pictures.map(
          (picture, index) =>
            new Paragraph({
              children: [
                new ImageRun({
                  type: "png",
                  data: placeholder(index),
                  transformation: { width: picture.width, height: picture.height },
                  altText: { name: picture.name, title: picture.name, description: picture.alt },
                }),
              ],
            }),
        ),
      },
    ],
  });
  const zip = await Packer.toBuffer(document);
  const xml = readZipEntry(zip, "word/document.xml")?.toString("utf8");
  if (!xml) throw new Error("docx: the package has no word/document.xml");
  const documentOpen = /<w:document\b[^>]*>/.exec(xml)?.[0];
  const footerReference = /<w:footerReference\b[^>]*\/>/.exec(xml)?.[0];
  if (!documentOpen || !footerReference) throw new Error("docx: document.xml lacks its root or footer reference");
  const drawings = [...xml.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)].map((match) => match[0]);
  if (drawings.length !== options.pictures.length) {
    throw new Error(`docx: ${options.pictures.length} pictures but ${drawings.length} drawings`);
  }
  // Each picture's part is the one holding its placeholder (docx names them image1.png, … by order).
  const names = zipEntryNames(zip).filter((name) => name.startsWith("word/media/"));
  const contents = new Map(names.map((name) => [readZipEntry(zip, name)?.toString("latin1"), name]));
  const media = options.pictures.map((_, index) => {
    const name = contents.get(placeholder(index).toString("latin1"));
    if (!name) throw new Error(`docx: no media part for picture ${index + 1}`);
    return name;
  });
  return { zip, documentOpen, footerReference, drawings, media };
}

/** A picture's content until its PNG replaces it: distinct, as docx keeps one part per content. */
function placeholder(index: number): Buffer {
  return Buffer.from(`zhuanban picture ${index + 1}`, "latin1");
}
