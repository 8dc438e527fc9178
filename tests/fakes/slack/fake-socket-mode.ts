import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  eventCallbackBody,
  slashCommandBody,
  type EventEnvelopeInput,
  type SlashCommandInput,
} from "./slack-requests.js";

/**
 * The Socket Mode side of the fake Slack: a WebSocket endpoint that `apps.connections.open`
 * (FakeSlackApi) points at. @slack/socket-mode 3.1 connects with undici's WebSocket, not the
 * `ws` package, so this speaks the few parts of RFC 6455 it needs over the fake's own HTTP
 * server (upgrade, text frames, ping/pong, close) and adds no dependency.
 *
 * Protocol as @slack/socket-mode reads it: on connect Slack sends `{type:"hello", ...}` (the
 * client resolves `start()` on it); then envelopes `{envelope_id, type, payload,
 * accepts_response_payload, retry_attempt, retry_reason}`; the app acks with
 * `{envelope_id, payload}` (payload `{}` for a bare ack). `{type:"disconnect"}` asks it to reconnect.
 */

export type SocketModeEnvelopeType = "slash_commands" | "events_api" | "interactive";

export interface SocketModeEnvelope {
  envelope_id: string;
  type: SocketModeEnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketModeAck {
  envelope_id: string;
  /** What the app put in its ack (@slack/socket-mode always sends an object, `{}` for a bare ack). */
  payload?: Record<string, unknown>;
  /** Time from sending the envelope to receiving the ack. */
  ms: number;
}

interface PendingAck {
  resolve: (ack: SocketModeAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  sentAt: number;
}

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

export class FakeSocketMode {
  /** Every ack received, in order. */
  readonly acks: SocketModeAck[] = [];
  /** Every text message the app sent that was not an ack of a pending envelope. */
  readonly otherMessages: unknown[] = [];
  private readonly tickets = new Set<string>();
  private readonly connections: WsConnection[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private connectionWaiters: (() => void)[] = [];
  private connectionCount = 0;

  constructor(private readonly appId: string) {}

  /** Number of open WebSocket connections. */
  get openConnections(): number {
    return this.connections.length;
  }

  /** A fresh single-use WebSocket URL, as `apps.connections.open` returns it. */
  issueUrl(origin: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${origin.replace(/^http/, "ws")}/socket?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Resolves when at least one client is connected (and has been sent `hello`). */
  waitForConnection(timeoutMs = 20_000): Promise<void> {
    if (this.connections.length > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connectionWaiters = this.connectionWaiters.filter((w) => w !== done);
        reject(
          new Error(`FakeSocketMode: no connection within ${timeoutMs} ms (tickets issued: ${this.tickets.size})`),
        );
      }, timeoutMs);
      this.connectionWaiters.push(done);
    });
  }

  /**
   * Sends an envelope over the newest connection (Slack picks one of the app's connections)
   * and resolves with the app's ack; rejects if none arrives within `timeoutMs`.
   */
  push(
    envelope: Omit<SocketModeEnvelope, "envelope_id" | "accepts_response_payload"> & {
      envelope_id?: string;
      accepts_response_payload?: boolean;
    },
    timeoutMs = 20_000,
  ): Promise<SocketModeAck> {
    const connection = this.connections.at(-1);
    if (!connection) return Promise.reject(new Error("FakeSocketMode: no open Socket Mode connection"));
    const full: SocketModeEnvelope = {
      envelope_id: envelope.envelope_id ?? randomUUID(),
      type: envelope.type,
      payload: envelope.payload,
      accepts_response_payload: envelope.accepts_response_payload ?? acceptsResponsePayload(envelope),
      ...(envelope.type === "events_api"
        ? { retry_attempt: envelope.retry_attempt ?? 0, retry_reason: envelope.retry_reason ?? "" }
        : {}),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(full.envelope_id);
        reject(
          new Error(`FakeSocketMode: no ack for ${full.type} envelope ${full.envelope_id} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending.set(full.envelope_id, { resolve, reject, timer, sentAt: performance.now() });
      connection.sendText(JSON.stringify(full));
    });
  }

  /** A slash command as Slack delivers it over Socket Mode (same fields as the HTTP form). */
  pushSlashCommand(cmd: SlashCommandInput, timeoutMs?: number): Promise<SocketModeAck> {
    return this.push({ type: "slash_commands", payload: slashCommandBody(cmd) }, timeoutMs);
  }

  /** An Events API `event_callback`; `retry` sets retry_attempt / retry_reason like a redelivery. */
  pushEvent(
    envelope: EventEnvelopeInput,
    retry?: { attempt: number; reason: string },
    timeoutMs?: number,
  ): Promise<SocketModeAck> {
    return this.push(
      {
        type: "events_api",
        payload: eventCallbackBody(envelope),
        ...(retry ? { retry_attempt: retry.attempt, retry_reason: retry.reason } : {}),
      },
      timeoutMs,
    );
  }

  /** An interactivity payload (block_actions, view_submission, ...), not form-wrapped. */
  pushInteraction(payload: Record<string, unknown>, timeoutMs?: number): Promise<SocketModeAck> {
    return this.push({ type: "interactive", payload }, timeoutMs);
  }

  /** Slack's "please reconnect" message (e.g. before recycling the server). */
  sendDisconnect(reason: "warning" | "refresh_requested" | "link_disabled" = "refresh_requested"): void {
    for (const connection of this.connections) {
      connection.sendText(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-fake" } }));
    }
  }

  /** Handles an HTTP upgrade request for `/socket`; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const ticket = url.searchParams.get("ticket") ?? "";
    const key = req.headers["sec-websocket-key"];
    if (url.pathname !== "/socket" || typeof key !== "string" || !this.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const accept = createHash("sha1")
      .update(key + WS_GUID)
      .digest("base64");
    // No Sec-WebSocket-Extensions in the answer: undici then sends uncompressed frames.
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const connection = new WsConnection(
      socket,
      (text) => this.onText(text),
      () => this.remove(connection),
    );
    this.connections.push(connection);
    this.connectionCount += 1;
    connection.sendText(
      JSON.stringify({
        type: "hello",
        num_connections: this.connections.length,
        debug_info: {
          host: `applink-fake-${this.connectionCount}`,
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: this.appId },
      }),
    );
    if (head.length > 0) connection.feed(head);
    const waiters = this.connectionWaiters;
    this.connectionWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /**
   * Fails pending acks and closes every connection with a close handshake (1001 "going away"),
   * destroying any that does not finish within `graceMs`. Stop the app first: Bolt's
   * `app.stop()` returns before its socket has closed, and a running app would reconnect.
   */
  async close(graceMs = 1000): Promise<void> {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`FakeSocketMode closed before the ack of ${id}`));
    }
    this.pending.clear();
    await Promise.all(this.connections.map((connection) => connection.closeGracefully(graceMs)));
  }

  private onText(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.otherMessages.push(text);
      return;
    }
    const id = isRecord(message) && typeof message.envelope_id === "string" ? message.envelope_id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!isRecord(message) || id === undefined || !pending) {
      this.otherMessages.push(message);
      return;
    }
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const ack: SocketModeAck = {
      envelope_id: id,
      ...(isRecord(message.payload) ? { payload: message.payload } : {}),
      ms: performance.now() - pending.sentAt,
    };
    this.acks.push(ack);
    pending.resolve(ack);
  }

  private remove(connection: WsConnection): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
  }
}

/** Slack lets the app answer in the ack for commands and view submissions, not for events or clicks. */
function acceptsResponsePayload(envelope: { type: SocketModeEnvelopeType; payload: Record<string, unknown> }): boolean {
  if (envelope.type === "slash_commands") return true;
  if (envelope.type === "interactive") {
    return ["view_submission", "block_suggestion", "shortcut", "message_action"].includes(
      String(envelope.payload.type),
    );
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One server-side WebSocket connection: unmasked frames out, masked frames in. */
class WsConnection {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closeSent = false;
  private closed = false;
  private readonly closedWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: Duplex,
    private readonly onText: (text: string) => void,
    private readonly onClosed: () => void,
  ) {
    socket.on("data", (chunk: Buffer) => this.feed(chunk));
    socket.on("close", () => this.markClosed());
    socket.on("error", () => this.markClosed());
  }

  sendText(text: string): void {
    this.write(OP_TEXT, Buffer.from(text, "utf8"));
  }

  /** Server-initiated close handshake; resolves once the socket is closed (destroyed after `graceMs`). */
  closeGracefully(graceMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        this.markClosed();
      }, graceMs);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      const goingAway = Buffer.alloc(2);
      goingAway.writeUInt16BE(1001);
      this.write(OP_CLOSE, goingAway);
    });
  }

  feed(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) this.onFrame(frame);
  }

  private onFrame(frame: { fin: boolean; opcode: number; payload: Buffer }): void {
    switch (frame.opcode) {
      case OP_TEXT:
      case OP_CONTINUATION:
        this.fragments.push(frame.payload);
        if (frame.fin) {
          const text = Buffer.concat(this.fragments).toString("utf8");
          this.fragments = [];
          this.onText(text);
        }
        return;
      case OP_PING:
        // The client counts unanswered pings and drops the link after a few (clientPingTimeout).
        this.write(OP_PONG, frame.payload);
        return;
      case OP_CLOSE:
        // Echo the close frame (completing the handshake the client waits for), then hang up.
        this.write(OP_CLOSE, frame.payload.subarray(0, 2));
        this.socket.end();
        this.markClosed();
        return;
      default:
        return; // pong and binary frames: nothing to do
    }
  }

  private nextFrame(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const buf = this.buffer;
    if (buf.length < 2) return undefined;
    const b0 = buf[0] ?? 0;
    const b1 = buf[1] ?? 0;
    let length = b1 & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buf.length < 4) return undefined;
      length = buf.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buf.length < 10) return undefined;
      length = Number(buf.readBigUInt64BE(2));
      offset = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const start = offset + (masked ? 4 : 0);
    if (buf.length < start + length) return undefined;
    const payload = Buffer.from(buf.subarray(start, start + length));
    if (masked) {
      const mask = buf.subarray(offset, offset + 4);
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    }
    this.buffer = buf.subarray(start + length);
    return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload };
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.closed || this.closeSent || this.socket.destroyed) return;
    if (opcode === OP_CLOSE) this.closeSent = true;
    let header: Buffer;
    if (payload.length < 126) {
      header = Buffer.from([0x80 | opcode, payload.length]);
    } else if (payload.length < 65536) {
      header = Buffer.alloc(4);
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    if (payload.length >= 126) {
      header[0] = 0x80 | opcode;
      header[1] = payload.length < 65536 ? 126 : 127;
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    for (const waiter of this.closedWaiters.splice(0)) waiter();
  }
}
