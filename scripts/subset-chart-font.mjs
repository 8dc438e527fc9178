// Writes assets/fonts/NotoSansSC-Chart.ttf, the font every chart is drawn with (SVG to PNG through
// resvg, which reads TTF/OTF only and must never fall back to a system font that may be missing).
//
// Why a subset kept in the repo: a full Noto Sans SC regular face is 10.5 MB, most of the time of a
// first PNG being spent loading it. The subset keeps ASCII, CJK and full-width punctuation, the
// 6,763 hanzi of GB 2312 (every common character of government text) and every character of the
// seed plans, about a quarter of the size.
//
// Run after changing the seeds with characters outside GB 2312, giving the full font's path:
//
//     node scripts/subset-chart-font.mjs PATH/TO/NotoSansSC_400Regular.ttf
//
// The shipped subset was made from the regular face of the npm package @expo-google-fonts/noto-sans-sc
// 0.4.3 (SIL OFL). It is not a dependency (nine weights, 92 MB installed, for a file needed only
// here); fetch its tarball without installing it and take the one face:
//
//     npm pack @expo-google-fonts/noto-sans-sc@0.4.3
//     tar -xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz package/400Regular/NotoSansSC_400Regular.ttf
//     node scripts/subset-chart-font.mjs package/400Regular/NotoSansSC_400Regular.ttf
//
// Any static (not variable) Noto Sans SC or Source Han Sans SC regular TTF/OTF works as well, e.g. the
// static NotoSansSC-Regular.ttf of https://fonts.google.com/noto/specimen/Noto+Sans+SC; a different
// source gives a different file, so keep to the package above unless there is a reason not to.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TextDecoder } from "node:util";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = process.argv[2];
if (!source || !existsSync(resolve(source))) {
  console.error(
    source
      ? `subset-chart-font: no file at ${resolve(source)}`
      : "usage: node scripts/subset-chart-font.mjs PATH/TO/NotoSansSC_400Regular.ttf",
  );
  console.error("Where to get the font: see the comment at the top of scripts/subset-chart-font.mjs.");
  process.exit(1);
}
const target = join(root, "assets/fonts/NotoSansSC-Chart.ttf");

const chars = new Set();
const addRange = (from, to) => {
  for (let code = from; code <= to; code++) chars.add(String.fromCodePoint(code));
};
addRange(0x20, 0x7e); // ASCII
addRange(0xa0, 0xff); // Latin-1 (×, ÷, °, ·)
addRange(0x2010, 0x2027); // dashes, quotes, ellipsis
addRange(0x2030, 0x203b); // ‰, ※
addRange(0x2160, 0x216b); // Ⅰ–Ⅻ
addRange(0x2190, 0x2193); // arrows
addRange(0x2460, 0x2473); // ①–⑳
addRange(0x25a0, 0x25cf); // ■ □ ▲ △ ● ○
addRange(0x3000, 0x303f); // CJK punctuation: 、。〈〉《》「」【】〔〕
addRange(0xff01, 0xff5e); // full-width forms
addRange(0xffe0, 0xffe5); // ￥
// GB 2312 level 1 and 2 hanzi: rows 0xB0-0xF7, columns 0xA1-0xFE, decoded through GB 18030.
const gb = new TextDecoder("gb18030");
for (let row = 0xb0; row <= 0xf7; row++) {
  for (let col = 0xa1; col <= 0xfe; col++) {
    const char = gb.decode(new Uint8Array([row, col]));
    if (char.length === 1 && char !== "\ufffd") chars.add(char);
  }
}
// Every character of the seed plans (unit, task and indicator names may use rarer hanzi).
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else for (const char of readFileSync(path, "utf8")) if (char.codePointAt(0) >= 0x20) chars.add(char);
  }
};
walk(join(root, "seeds"));

const subset = await subsetFont(readFileSync(resolve(source)), [...chars].join(""), { targetFormat: "truetype" });
writeFileSync(target, subset);
console.log(`${target}: ${chars.size} characters, ${(subset.length / 1024).toFixed(0)} KiB`);
