import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

/**
 * Scheduling and notifications end to end, against the worker's real node-cron scheduler and the stand-in lmms-eval
 * (tests/fixtures/standin: backend `standin`, `pretrained=org/a`, task `mme` with limit 4 → a run of about a second).
 * Models and versions are registered through the REST API: the models UI is covered by models.spec.ts.
 */

test.use({ storageState: ADMIN_STATE });

type Json = Record<string, unknown>;

/** Cookie-authenticated writes must carry an Origin of our own host (CSRF check in lib/api/handler.ts). */
async function send(page: Page, baseURL: string | undefined, method: "post" | "patch", url: string, data: Json): Promise<Json> {
  const res = await page.request[method](url, { data, headers: { origin: baseURL ?? "" } });
  expect(res.ok(), `${method.toUpperCase()} ${url}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Json;
}

async function registerModel(page: Page, baseURL: string | undefined, prefix: string): Promise<{ modelId: number; modelName: string }> {
  const modelName = `${prefix}-${Date.now()}`;
  const model = await send(page, baseURL, "post", "/api/v1/models", { name: modelName });
  return { modelId: model.id as number, modelName };
}

async function addVersion(page: Page, baseURL: string | undefined, modelId: number, label: string): Promise<number> {
  const version = await send(page, baseURL, "post", `/api/v1/models/${modelId}/versions`, { label, backend: "standin", modelArgs: "pretrained=org/a" });
  return version.id as number;
}

/** The worker fills the task catalogue from the stand-in when it starts; the form's task picker needs it. */
async function waitForCatalogue(request: APIRequestContext) {
  await expect
    .poll(async () => ((await (await request.get("/api/v1/tasks")).json()) as { items: unknown[] }).items.length, { timeout: 60_000 })
    .toBeGreaterThan(0);
}

async function firingCount(request: APIRequestContext, scheduleId: number): Promise<number> {
  const res = await request.get(`/api/v1/schedules/${scheduleId}/firings?limit=200`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

test("a schedule every 5 seconds fires runs that complete; paused, it fires no more", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await waitForCatalogue(page.request);
  const { modelId, modelName } = await registerModel(page, baseURL, "e2e-sched");
  await addVersion(page, baseURL, modelId, "v1");
  const name = `Every five seconds ${Date.now()}`;

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  await page.getByRole("link", { name: "New schedule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New schedule" })).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(name);
  // A preset fills the cron field; "Custom" leaves it to us.
  await page.getByRole("radio", { name: /^Weekly/ }).check();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 2 * * 1");
  await page.getByRole("radio", { name: "Custom", exact: true }).check();
  await page.getByLabel("Cron expression").fill("*/5 * * * * *");
  await page.getByRole("combobox", { name: "Time zone" }).fill("utc");
  await page.getByRole("option", { name: "UTC", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("UTC");

  // Live validation: the server's reading of the expression and the next five fire times, in the chosen zone.
  const preview = page.getByTestId("cron-preview");
  await expect(preview.getByTestId("cron-description")).toHaveText("Every 5 seconds, every minute, every hour, every day (UTC)");
  await expect(preview.getByTestId("next-fire-times").getByRole("listitem")).toHaveCount(5);
  await expect(preview.getByTestId("next-fire-times").getByRole("listitem").first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC$/);
  // A broken expression is refused while typing, then fixed.
  await page.getByLabel("Cron expression").fill("*/5 * * *");
  await expect(page.getByText(/a cron expression has 5 fields/)).toBeVisible();
  await page.getByLabel("Cron expression").fill("*/5 * * * * *");
  await expect(preview.getByTestId("cron-description")).toHaveText(/^Every 5 seconds/);

  await page.getByRole("checkbox", { name: `${modelName} · v1` }).check();
  await page.getByLabel("Search tasks").fill("mme");
  await page.getByLabel("Search tasks").press("Enter");
  await expect(page.getByRole("list", { name: "Selected tasks" }).getByRole("listitem")).toHaveText([/mme/]);
  await page.getByLabel("Limit").fill("4");
  await page.getByRole("radio", { name: /^Queue/ }).check();
  await page.getByRole("button", { name: "Create schedule" }).click();

  await expect(page).toHaveURL(/\/schedules\/\d+$/);
  const scheduleId = Number(/\/schedules\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("next-fire-times").getByRole("listitem")).toHaveCount(5);

  // The history page refreshes itself: a firing appears, with a run that goes on to succeed.
  await expect(page.getByTestId("firing-row").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid="firing-run"][data-status="succeeded"]').first()).toBeVisible({ timeout: 60_000 });
  const firing = ((await (await page.request.get(`/api/v1/schedules/${scheduleId}/firings`)).json()) as { items: Array<{ runIds: number[]; trigger: string }> }).items.at(-1)!;
  expect(firing.trigger).toBe("cron");
  const run = (await (await page.request.get(`/api/v1/runs/${firing.runIds[0]}`)).json()) as { source: string; tasks: string[]; params: { limit?: number } };
  expect(run).toMatchObject({ source: "scheduled", tasks: ["mme"], params: { limit: 4 } });

  // Pause it: no upcoming fire times, and no new firing over more than one full period.
  const enabled = page.getByRole("switch", { name: `Enabled: ${name}` });
  await expect(enabled).toHaveAttribute("aria-checked", "true");
  await enabled.click();
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  await expect(page.getByTestId("next-fire-times-none")).toBeVisible();
  const paused = (await (await page.request.get(`/api/v1/schedules/${scheduleId}`)).json()) as { enabled: boolean; nextFireTimes: unknown[] };
  expect(paused).toMatchObject({ enabled: false, nextFireTimes: [] });
  const count = await firingCount(page.request, scheduleId);
  expect(count).toBeGreaterThan(0);
  // The one fixed wait: proving that nothing happens takes a full period (5 s) plus slack.
  await page.waitForTimeout(6_000);
  expect(await firingCount(page.request, scheduleId)).toBe(count);

  // The list shows it paused, with its last firing.
  await page.goto("/schedules");
  const row = page.getByTestId("schedule-row").filter({ hasText: name });
  await expect(row).toContainText("paused");
  await expect(row).toContainText("Every 5 seconds");
  await expect(row.getByRole("switch", { name: `Enabled: ${name}` })).toHaveAttribute("aria-checked", "false");
});

test("a model set to evaluate new versions launches a run when a version is registered", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { modelId } = await registerModel(page, baseURL, "e2e-autoeval");
  await send(page, baseURL, "patch", `/api/v1/models/${modelId}`, { evaluateNewVersions: { tasks: ["mme"], params: { limit: 4 } } });
  const versionId = await addVersion(page, baseURL, modelId, "rc1");

  const runs = ((await (await page.request.get("/api/v1/runs?limit=50")).json()) as { items: Array<{ id: number; modelVersionId: number | null; tasks: string[] }> }).items;
  const run = runs.find((r) => r.modelVersionId === versionId);
  expect(run, "registering the version should have queued its evaluation").toBeDefined();
  expect(run!.tasks).toEqual(["mme"]);

  await page.goto("/runs");
  const row = page.getByTestId(`run-row-${run!.id}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
});

test("the bell shows a failed run live, and marking it read clears the badge", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await send(page, baseURL, "post", "/api/v1/notifications/read", { all: true });
  await page.goto("/runs");
  const bell = page.getByTestId("notification-bell");
  await expect(bell).toHaveAttribute("data-connection", "live");
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const failing = await send(page, baseURL, "post", "/api/v1/runs", { model: "standin", modelArgs: "pretrained=org/a,scenario=eval_error", tasks: ["mme"], limit: 4 });
  const title = `Run #${failing.id as number} failed`;

  await expect(page.getByTestId("notification-badge")).toHaveText("1", { timeout: 60_000 });
  await bell.getByRole("button", { name: "Notifications, 1 unread" }).click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  const item = panel.getByTestId("notification-item").filter({ hasText: title });
  await expect(item).toHaveAttribute("data-read", "false");
  await expect(item.getByRole("link", { name: title })).toHaveAttribute("href", `/runs/${failing.id as number}`);
  await item.getByRole("button", { name: `Mark “${title}” read` }).click();
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await expect(item).toHaveAttribute("data-read", "true");
  // All of it without a page load.
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Stored, not just hidden: a fresh page agrees, and the full list shows it read.
  await page.goto("/notifications");
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await expect(page.getByTestId("notification-row").filter({ hasText: title })).toHaveAttribute("data-read", "true");
});

test("a comparison batch from the UI: versions × tasks, followed live, then a link to the board", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await waitForCatalogue(page.request);
  const { modelId, modelName } = await registerModel(page, baseURL, "e2e-batch");
  const a = await addVersion(page, baseURL, modelId, "a");
  const b = await addVersion(page, baseURL, modelId, "b");

  await page.goto("/schedules");
  await page.getByRole("link", { name: "New comparison batch" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New comparison batch" })).toBeVisible();
  await page.getByRole("checkbox", { name: `${modelName} · a` }).check();
  await page.getByRole("checkbox", { name: `${modelName} · b` }).check();
  await page.getByLabel("Baseline").selectOption({ label: `${modelName} · a` });
  await page.getByLabel("Search tasks").fill("mme");
  await page.getByLabel("Search tasks").press("Enter");
  await page.getByLabel("Limit").fill("4");
  await expect(page.getByText("2 versions × 1 task = 2 results")).toBeVisible();
  await page.getByRole("button", { name: "Start batch" }).click();

  await expect(page).toHaveURL(/\/batches\/\d+$/);
  await expect(page.getByTestId("batch-row")).toHaveCount(2);
  // The page follows the runs by itself until the batch is complete.
  await expect(page.getByText("The batch is complete")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("batch-progress")).toContainText("2 of 2 runs finished");
  await expect(page.getByTestId("batch-run")).toHaveCount(2);
  for (const run of await page.getByTestId("batch-run").all()) await expect(run).toHaveAttribute("data-status", "succeeded");
  const compare = page.getByTestId("batch-compare-link");
  await expect(compare).toHaveAttribute("href", `/compare?versions=${a},${b}&tasks=mme&baseline=v:${a}`);
});
