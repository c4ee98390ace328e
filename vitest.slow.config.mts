import { defineConfig } from "vitest/config";
import path from "node:path";

// The clean-clone check runs `npm start` from a fresh copy (install + build): minutes, so it is its own stage.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: { include: ["tests/slow/**/*.test.ts"], testTimeout: 15 * 60_000, hookTimeout: 60_000 },
});
