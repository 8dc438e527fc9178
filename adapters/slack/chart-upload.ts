import type { webApi } from "@slack/bolt";
import type { ChartData } from "../../src/core/chat/chart-data.js";
import { DeliveryError, type Address } from "../../src/core/chat/inbound.js";

/** Slack's limit on a file's alt text, in characters. */
const ALT_TEXT_LIMIT = 1000;

export interface ChartToUpload {
  chart: ChartData;
  alt: string;
}

/**
 * Shares a chart's PNG in a channel (or a thread) the way files.uploadV2 does, in its three steps:
 * files.getUploadURLExternal (the file's name, size and alt text), the bytes POSTed to the URL it
 * answers, then files.completeUploadExternal to share the file where the digest went.
 */
export async function uploadChart(
  client: webApi.WebClient,
  to: Address,
  upload: ChartToUpload,
  png: Buffer,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const filename = `${upload.chart.kind}.png`;
  const target = (await client.apiCall("files.getUploadURLExternal", {
    filename,
    length: png.length,
    alt_txt: upload.alt.slice(0, ALT_TEXT_LIMIT),
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new DeliveryError("rejected", "slack: no upload URL for the chart");
  let response: Response;
  try {
    response = await fetchFn(target.upload_url, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: png,
    });
    await response.arrayBuffer();
  } catch (error) {
    throw new DeliveryError("transient", `slack upload: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after") ?? "1");
    throw new DeliveryError("rate_limited", "slack upload: 429", (Number.isFinite(seconds) ? seconds : 1) * 1000);
  }
  if (response.status !== 200) {
    const kind = response.status >= 500 ? "transient" : "rejected";
    throw new DeliveryError(kind, `slack upload: HTTP ${response.status}`);
  }
  await client.apiCall("files.completeUploadExternal", {
    files: [{ id: target.file_id, title: upload.chart.title }],
    channel_id: to.chatId,
    ...(to.threadId ? { thread_ts: to.threadId } : {}),
  });
}
