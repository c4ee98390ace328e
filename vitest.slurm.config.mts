import { defineConfig } from "vitest/config";
import path from "node:path";

// The Slurm tier: tests against a real single-node cluster. Run it with `npm run test:slurm` (scripts/test-slurm.mjs),
// which installs and starts Slurm around it. The time-limit test waits ~60–80 s for Slurm's periodic limit check, so
// files run in parallel (the test cluster offers more CPUs than the machine has; the jobs mostly sleep).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/slurm/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 3,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
