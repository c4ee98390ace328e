import { defineConfig } from "vitest/config";
import path from "node:path";

// The real lmms-eval tier: run it with `npm run test:real`, which prepares the Python environment and passes its
// command in LMMS_EVAL_REAL_COMMAND. Every lmms-eval process spends ~30 s importing torch, so the tests launch their
// runs together and wait; one file at a time keeps two runs on two cores.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/real/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
