// `npm run demo`: plays one 旬 of the 民生 group on the console in about a minute (scripts/demo-play.ts).
import { runDemo } from "./demo-play.js";

runDemo({ write: (text) => process.stdout.write(text), color: Boolean(process.stdout.isTTY) }).catch(
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
