import { defineConfig } from "@playwright/test";

/** E2E_PORT lets two suites run side by side on one machine (e.g. a clean-clone check beside development). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3199);
/** The test OpenID Connect provider (tests/fixtures/oidc-idp.mjs) the dashboard's single sign-on points at. */
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? E2E_PORT + 1000);
const SSO_CLIENT = { id: "lmms-eval-dashboard-e2e", secret: "e2e-client-secret-0123456789abcdef" };

/** The dashboard as `npm start` runs it, on a fresh DATA_DIR (scripts/e2e-server.mjs); other suites reuse this entry. */
export const DASHBOARD_SERVER = {
  command: "node scripts/e2e-server.mjs",
  url: `http://localhost:${E2E_PORT}/api/health`,
  timeout: 300_000,
  reuseExistingServer: false,
  stdout: "pipe",
  stderr: "pipe",
  env: { PORT: String(E2E_PORT) },
} as const;

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
  webServer: [
    {
      command: "node tests/fixtures/oidc-idp.mjs",
      url: `http://localhost:${IDP_PORT}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { IDP_PORT: String(IDP_PORT), DASHBOARD_URL: `http://localhost:${E2E_PORT}`, IDP_CLIENT_ID: SSO_CLIENT.id, IDP_CLIENT_SECRET: SSO_CLIENT.secret },
    },
    {
      ...DASHBOARD_SERVER,
      env: {
        ...DASHBOARD_SERVER.env,
        OIDC_ISSUER: `http://localhost:${IDP_PORT}`,
        OIDC_CLIENT_ID: SSO_CLIENT.id,
        OIDC_CLIENT_SECRET: SSO_CLIENT.secret,
        OIDC_NAME: "Test IdP",
      },
    },
  ],
});
