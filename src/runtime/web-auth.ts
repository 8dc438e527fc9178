import { randomBytes } from "node:crypto";
import { createWebAuth, type WebAuth } from "../core/web/sign-in.js";
import type { Clock } from "../domain/time/clock.js";
import type { PrismaClient } from "../store/client.js";
import { createWebAuthStore } from "../store/web-auth-store.js";

// Apart from the web console (src/runtime/web-console.ts): the bot's /web and the CLI's web-link
// issue links without loading the console's server, pages and their stores.

/** Sign-in links and sessions, on the deployment's clock; shared by /web, the CLI and the console. */
export function createWebAuthFor(prisma: PrismaClient, clock: Clock, publicUrl: string): WebAuth {
  return createWebAuth({ store: createWebAuthStore(prisma), clock, randomBytes, publicUrl });
}
