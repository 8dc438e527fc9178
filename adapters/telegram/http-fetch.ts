// The Telegram client's transport (node-telegram-bot-api's `fetch` option) on node:http and
// node:https with kept-alive connections, for its ordinary calls: a form-encoded POST, and the
// whole answer as text. Node's built-in fetch (undici, web streams, a Headers object and an
// AbortSignal chain per call) cost about half of the dispatcher's CPU per message at a thousand
// messages a second (bench/, item 1); this costs a fraction of it. Any other body (a multipart
// photo upload, streamed) goes to the built-in fetch.
//
// The client's form goes as a JSON object of the same strings: the Bot API takes
// application/json, and reads a string value as the parameter's text, exactly as the form's
// (td::HttpReader::parse_json_parameters; a nested object such as reply_markup stays the JSON
// text the client made of it). URL-encoding Chinese text took nine bytes a character to write,
// and as many to read.
//
// What the client relies on is kept: it rejects with the signal's reason when the call is
// aborted or times out (the client reads a TimeoutError as "no answer, may have arrived"), and
// with a TypeError (the client's NetworkError) when the connection fails.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** What the client reads of an answer. */
interface Answer {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}

export function createHttpFetch(builtIn: typeof fetch = globalThis.fetch): typeof fetch {
  // Kept-alive connections, as many as there are calls at once (the dispatcher's recipients).
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  function post(url: URL, body: string, headers: Record<string, string>, signal: AbortSignal | null | undefined) {
    return new Promise<Answer>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const data = Buffer.from(body, "utf8");
      const https = url.protocol === "https:";
      let settled = false;
      const settle = (answer: Answer | null, error?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        if (answer) resolve(answer);
        else reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      };
      let current: ReturnType<typeof httpRequest> | undefined;
      const onAbort = () => {
        current?.destroy();
        settle(null);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const send = (retry: boolean) => {
        const req = (https ? httpsRequest : httpRequest)(url, {
          method: "POST",
          agent: https ? agents.https : agents.http,
          headers: { ...headers, "content-length": String(data.length) },
        });
        current = req;
        let answered = false;
        req.on("response", (res: IncomingMessage) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            settle({ status, ok: status >= 200 && status < 300, text: () => Promise.resolve(text) });
          });
          // Cut off before the end of the answer.
          res.on("close", () => settle(null, new Error("the connection closed before the answer ended")));
          res.on("error", (error) => settle(null, error));
        });
        req.on("error", (error: NodeJS.ErrnoException) => {
          // A kept-alive connection the server had closed while idle: the request never reached
          // it, so it goes once more on a new connection (what Node's documentation advises).
          if (retry && !answered && !settled && req.reusedSocket && error.code === "ECONNRESET") return send(false);
          settle(null, error);
        });
        req.end(data);
      };
      send(true);
    });
  }

  // The client asks a few URLs (its methods), over and over.
  const urls = new Map<string, URL>();
  const parse = (input: string): URL => {
    let url = urls.get(input);
    if (!url) {
      url = new URL(input);
      if (urls.size > 100) urls.clear();
      urls.set(input, url);
    }
    return url;
  };

  const leanFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    const headers = init?.headers;
    const plainHeaders =
      headers === undefined ||
      (typeof headers === "object" && !Array.isArray(headers) && !(headers instanceof Headers));
    if (
      (init?.method ?? "GET").toUpperCase() !== "POST" ||
      !(typeof body === "string" || body instanceof URLSearchParams) ||
      !plainHeaders ||
      input instanceof Request
    ) {
      return builtIn(input, init);
    }
    const url = input instanceof URL ? input : parse(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return builtIn(input, init);
    let text: string;
    let sent = (headers ?? {}) as Record<string, string>;
    if (body instanceof URLSearchParams) {
      const fields: Record<string, string> = {};
      for (const [key, value] of body) fields[key] = value;
      text = JSON.stringify(fields);
      sent = { ...withoutContentType(sent), "content-type": "application/json" };
    } else text = body;
    return post(url, text, sent, init?.signal) as unknown as Promise<Response>;
  };
  return leanFetch as typeof fetch;
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-type"));
}
