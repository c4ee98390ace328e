import { defineConfig } from "@playwright/test";
import base, { DASHBOARD_SERVER } from "./playwright.config";

/**
 * The Slurm tier's browser test (scripts/test-slurm.mjs runs it while its single-node cluster is up): the same
 * production server and stand-in lmms-eval as the e2e suite, on its own port and database, so the worker submits to the
 * real cluster with sbatch.
 */
const PORT = Number(process.env.SLURM_E2E_PORT ?? 3198);

export default defineConfig({
  ...base,
  testDir: "tests",
  outputDir: "test-results/slurm-ui",
  timeout: 180_000,
  use: { ...base.use, baseURL: `http://localhost:${PORT}` },
  projects: [
    { name: "setup", testMatch: /e2e\/setup\.setup\.ts/ },
    { name: "slurm-ui", testMatch: /slurm-ui\/.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  // The dashboard alone: single sign-on (the main suite's test provider) plays no part here.
  webServer: {
    ...DASHBOARD_SERVER,
    url: `http://localhost:${PORT}/api/health`,
    env: { PORT: String(PORT), E2E_DATA: "slurm-ui-data" },
  },
});
