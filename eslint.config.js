import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["scratch/", "node_modules/", "src/generated/", "data/", "coverage/", "out/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // Only the CLI and the console adapter talk to the terminal; everything else logs through pino.
      "no-console": "error",
    },
  },
  {
    files: ["src/cli/**", "adapters/console/**", "scripts/**", "bench/**"],
    rules: { "no-console": "off" },
  },
  {
    // Layering (../shared/DESIGN.md): Prisma only in src/store, platform SDKs only in their adapters.
    files: ["src/domain/**", "src/core/**", "src/render/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/generated/**", "@prisma/*"], message: "Prisma lives in src/store only." },
            {
              group: ["@slack/*", "node-telegram-bot-api", "node-telegram-bot-api/*"],
              message: "Platform SDKs live in adapters/ only.",
            },
            { group: ["**/adapters/**"], message: "Core never imports an adapter." },
          ],
        },
      ],
    },
  },
);
