import { defineConfig } from "@playwright/test";

/** E2E_PORT lets two suites run side by side on one machine (e.g. a clean-clone check beside development). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3199);

/**
 * Browser tests against the production build, on their own port and their own fresh DATA_DIR (scripts/e2e-server.mjs),
 * in Debian's Chromium (no browser downloads here; docs/STACK-NOTES.md §playwright-chromium). One worker: the tests share one database
 * whose first admin is created by the setup project.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /setup\.setup\.ts/ },
    { name: "e2e", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${E2E_PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT) },
  },
});
