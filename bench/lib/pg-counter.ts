// Counts database round trips in this process: every query that any pg client sends (Prisma's
// driver adapter and pg.Pool both end in pg.Client#query), with the time each one took from the
// call to its answer. One query is one round trip on the wire (pg sends parse/bind/execute/sync of
// an extended-protocol query in one flight); BEGIN and COMMIT count as the round trips they are.

import pg from "pg";

export interface QueryCounter {
  /** Queries since the counter was installed. */
  readonly count: number;
  /** Summed ms from each query's call to its answer (includes waiting behind the connection's earlier queries). */
  readonly totalMs: number;
  /** Per statement shape (first 120 characters of the SQL, parameters not included): how many. */
  byStatement(): Map<string, number>;
  /** Per statement shape: summed ms. */
  msByStatement(): Map<string, number>;
  reset(): void;
}

type QueryFn = (...args: unknown[]) => unknown;

let installed: QueryCounter | undefined;

export function installQueryCounter(): QueryCounter {
  if (installed) return installed;
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  let count = 0;
  let totalMs = 0;
  let shapes = new Map<string, number>();
  let shapeMs = new Map<string, number>();
  const spent = (shape: string, ms: number) => {
    totalMs += ms;
    shapeMs.set(shape, (shapeMs.get(shape) ?? 0) + ms);
  };
  const shapeOf = (arg: unknown): string => {
    const text = typeof arg === "string" ? arg : ((arg as { text?: string } | null)?.text ?? "?");
    return text.replace(/\s+/g, " ").trim().slice(0, 120);
  };
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    count++;
    const shape = shapeOf(args[0]);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const start = performance.now();
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (...cbArgs: unknown[]) => {
        spent(shape, performance.now() - start);
        return (callback as QueryFn)(...cbArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      (result as Promise<unknown>).then(
        () => spent(shape, performance.now() - start),
        () => spent(shape, performance.now() - start),
      );
    }
    return result;
  };
  installed = {
    get count() {
      return count;
    },
    get totalMs() {
      return totalMs;
    },
    byStatement: () => new Map(shapes),
    msByStatement: () => new Map(shapeMs),
    reset() {
      count = 0;
      totalMs = 0;
      shapes = new Map();
      shapeMs = new Map();
    },
  };
  return installed;
}
