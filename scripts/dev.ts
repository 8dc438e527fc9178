// `npm run dev -- <command>`: the zhuanban command run from the TypeScript source through tsx, for
// development (no build needed; bin/zhuanban.js runs the compiled dist/ instead).
import { main } from "../src/cli/main.ts";

await main();
