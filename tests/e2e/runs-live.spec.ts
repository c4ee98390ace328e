import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN_STATE, controllableSocket, launchRun } from "./helpers";

/**
 * The runs list and run page stay live without reloading: runs are created through the REST API (as a script would)
 * and the stand-in lmms-eval (tests/fixtures/standin) runs them. `delay=` sets seconds per request (28 requests for
 * mme + ai2d), so 0.05 finishes in a few seconds and 0.5 or more is slow enough to watch and cancel.
 */

test.use({ storageState: ADMIN_STATE });

const FAST = { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.05", tasks: ["mme", "ai2d"] };
// Slow enough (~1 min) that a loaded CI machine still reaches the Cancel button while it runs; the test cancels it.
const SLOW = { model: "standin", modelArgs: "pretrained=org/tiny,delay=2", tasks: ["mme", "ai2d"] };
const BLOCKER = { model: "standin", modelArgs: "pretrained=org/blocker,delay=1", tasks: ["mme", "ai2d"] };

const created: number[] = [];

async function createRun(page: Page, baseURL: string | undefined, body: Record<string, unknown>): Promise<number> {
  const id = await launchRun(page, baseURL, body);
  created.push(id);
  return id;
}

/** A marker that a full page load would wipe: the test fails if the page reloaded instead of updating live. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}
async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "live");
}

function status(scope: Page | Locator): Locator {
  return scope.getByTestId("run-status").first();
}

async function queuePosition(row: Locator): Promise<number> {
  const text = (await status(row).textContent()) ?? "";
  const match = /#(\d+) in queue/.exec(text);
  if (!match) throw new Error(`no queue position in "${text}"`);
  return Number(match[1]);
}

test.afterAll(async ({ playwright }, testInfo) => {
  // Leave no slow run behind for the specs that follow (409 = already finished, which is fine).
  const baseURL = testInfo.project.use.baseURL;
  const api = await playwright.request.newContext({ baseURL, storageState: ADMIN_STATE });
  for (const id of created) await api.post(`/api/v1/runs/${id}/cancel`, { headers: { origin: baseURL ?? "" } });
  await api.dispose();
});

/**
 * The worker publishes through its own socket to the web process and drops events while that link is not up yet
 * (right after the server starts). Its heartbeat reaching the page proves the link, so live progress will arrive.
 */
function watchWorkerLink(page: Page): () => boolean {
  let linked = false;
  page.on("websocket", (ws) => ws.on("framereceived", (frame) => {
    if (String(frame.payload).includes("worker:heartbeat")) linked = true;
  }));
  return () => linked;
}

test("a new run appears in the list by itself and its progress bar runs to 100 % and succeeded", async ({ page, baseURL }) => {
  const workerLinked = watchWorkerLink(page);
  await page.goto("/runs");
  await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New run" }).first()).toHaveAttribute("href", "/runs/new");
  await expectLive(page);
  await markPage(page);
  // Every value the progress bars take, so the test can tell a moving bar from one that jumps straight to the end.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progressSeen: string[] }).__progressSeen = seen;
    const record = (el: Element) => seen.push(el.getAttribute("aria-valuenow") ?? "");
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "attributes" && (r.target as Element).getAttribute("role") === "progressbar") record(r.target as Element);
        for (const node of r.addedNodes) {
          if (node instanceof Element) node.querySelectorAll('[role="progressbar"]').forEach(record);
        }
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"], childList: true });
  });
  await expect.poll(workerLinked, { message: "the worker's heartbeat reaches the page", timeout: 20_000 }).toBe(true);

  const id = await createRun(page, baseURL, FAST);
  const row = page.getByTestId(`run-row-${id}`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: `#${id}` })).toHaveAttribute("href", `/runs/${id}`);
  await expect(row).toContainText("org/tiny");
  await expect(row).toContainText("mme");

  await expect(status(row)).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  // Finished, the row shows what came of the run (its headline score) instead of a full progress bar.
  await expect(row.getByTestId("run-headline")).toContainText("mme · mme_cognition_score");
  await expectNotReloaded(page);
  const seen = await page.evaluate(() => (window as unknown as { __progressSeen: string[] }).__progressSeen.map(Number));
  expect(seen.some((v) => v > 0 && v < 100), `progress values seen: ${seen.join(", ")}`).toBe(true);
});

test("a slow run's page streams console and progress, and Cancel ends it as cancelled", async ({ page, baseURL }) => {
  const id = await createRun(page, baseURL, SLOW);
  await page.goto(`/runs/${id}`);
  await expect(page.getByRole("heading", { name: `Run #${id}` })).toBeVisible();
  await expectLive(page);
  await markPage(page);

  await expect(status(page)).toHaveAttribute("data-status", "running", { timeout: 30_000 });
  const console_ = page.getByTestId("run-console");
  await expect(console_.getByTestId("console-line").filter({ hasText: "Selected Tasks" })).toBeVisible();
  await expect(page.getByTestId("run-phase")).toHaveText("inference", { timeout: 30_000 });
  await expect(page.getByTestId("run-items")).toHaveText(/^\d+ \/ 28$/);
  const before = Number(await page.getByRole("progressbar").getAttribute("aria-valuenow"));
  await expect.poll(async () => Number(await page.getByRole("progressbar").getAttribute("aria-valuenow"))).toBeGreaterThan(before);

  // No console line is shown twice (server-rendered tail + live stream + catch-up overlap).
  const seqs = await console_.getByTestId("console-line").evaluateAll((els) => els.map((el) => el.getAttribute("data-seq")));
  expect(new Set(seqs).size).toBe(seqs.length);

  // Search filters and highlights.
  await page.getByLabel("Search console output").fill("selected tasks");
  await expect(console_.getByTestId("console-line")).toHaveCount(1);
  await expect(console_.locator("mark")).toHaveText("Selected Tasks");
  await expect(page.getByTestId("console-count")).toContainText("1 of");
  await page.getByLabel("Search console output").fill("");

  await expect(page.getByRole("link", { name: "Download full console" })).toHaveAttribute("href", `/api/v1/runs/${id}/console`);

  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("dialog", { name: `Stop run #${id}?` }).getByRole("button", { name: "Stop the run" }).click();
  await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
  await expect(page.getByTestId("run-reason")).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await expect(console_.locator('[data-stream="system"]').last()).toContainText(/cancel/i);
  await expectNotReloaded(page);
});

test("after a dropped connection the console catches up: every line once, in order", async ({ page, baseURL }) => {
  const link = await controllableSocket(page);
  const id = await createRun(page, baseURL, { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.3", tasks: ["mme", "ai2d"] });
  await page.goto(`/runs/${id}`);
  await expectLive(page);
  await markPage(page);
  await expect(status(page)).toHaveAttribute("data-status", "running", { timeout: 30_000 });
  await link.cut();
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "offline");
  // lmms-eval keeps printing while this page is cut off.
  const seqNow = async () => ((await (await page.request.get(`/api/v1/runs/${id}`)).json()) as { lastLogSeq: number }).lastLogSeq;
  const missed = await seqNow();
  await expect.poll(seqNow, { timeout: 30_000 }).toBeGreaterThan(missed + 3);
  link.restore();
  await expectLive(page);
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const last = await seqNow();
  const console_ = page.getByTestId("run-console");
  await expect(console_.getByTestId("console-line").last()).toHaveAttribute("data-seq", String(last));
  const seqs = (await console_.getByTestId("console-line").evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-seq")))));
  expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  await expectNotReloaded(page);
});

test("a failed run shows why it failed", async ({ page, baseURL }) => {
  const id = await createRun(page, baseURL, { model: "standin", modelArgs: "pretrained=org/tiny,scenario=eval_error", tasks: ["mme"] });
  await page.goto(`/runs/${id}`);
  await expect(status(page)).toHaveAttribute("data-status", "failed", { timeout: 45_000 });
  const reason = page.getByTestId("run-reason");
  await expect(reason).toHaveAttribute("role", "alert");
  await expect(reason).toContainText("the model backend failed while generating");
  await expect(page.getByTestId("run-console").locator('[data-stream="stderr"]').first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Re-run" })).toHaveAttribute("href", `/runs/new?from=${id}`);
});

test("queued runs can be reordered and cancelled from the list", async ({ page, baseURL }) => {
  // Two long runs fill the worker's two slots (MAX_CONCURRENT_RUNS=2 in scripts/e2e-server.mjs), so the next two queue.
  await createRun(page, baseURL, BLOCKER);
  await createRun(page, baseURL, BLOCKER);
  const first = await createRun(page, baseURL, FAST);
  const second = await createRun(page, baseURL, FAST);

  await page.goto("/runs");
  await expectLive(page);
  const firstRow = page.getByTestId(`run-row-${first}`);
  const secondRow = page.getByTestId(`run-row-${second}`);
  await expect(status(firstRow)).toContainText("in queue");
  await expect(status(secondRow)).toContainText("in queue");
  expect(await queuePosition(secondRow)).toBeGreaterThan(await queuePosition(firstRow));

  await secondRow.getByRole("button", { name: `Move run #${second} up` }).click();
  await expect.poll(async () => (await queuePosition(secondRow)) < (await queuePosition(firstRow))).toBe(true);

  await firstRow.getByRole("button", { name: `Cancel run #${first}` }).click();
  await page.getByRole("dialog", { name: `Remove run #${first} from the queue?` }).getByRole("button", { name: "Remove from queue" }).click();
  await expect(status(firstRow)).toHaveAttribute("data-status", "cancelled");
  await expect(firstRow.getByRole("button", { name: `Cancel run #${first}` })).toHaveCount(0);
});
