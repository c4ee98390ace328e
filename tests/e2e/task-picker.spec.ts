import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

/**
 * The task picker on a catalogue as lmms-eval installations really produce them: warnings that must be readable from
 * the picker, and a group whose membership is known only from its members' side (each names the group as its
 * parent, the group's own list is empty) — it must still show its real member count and tick its members. The
 * stored catalogue is edited directly to set that scene up, then rebuilt from the stand-in afterwards.
 */

test.use({ storageState: ADMIN_STATE });

const DB_PATH = path.join(__dirname, "..", "..", "test-results", process.env.E2E_DATA || "e2e-data", "dashboard.db");

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DB_PATH);
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function waitForCatalogue(page: Page): Promise<void> {
  await expect
    .poll(async () => ((await (await page.request.get("/api/v1/tasks")).json()) as { items: unknown[] }).items.length, { timeout: 60_000 })
    .toBeGreaterThan(0);
}

test("the catalogue's warnings open from the picker; a group known only from its members' side counts and ticks them", async ({ page, baseURL }) => {
  await waitForCatalogue(page);
  const originalMeta = withDb((db) => (db.prepare("select value from settings where key = 'task_catalogue_meta'").get() as { value: string }).value);
  try {
    withDb((db) => {
      const meta = JSON.parse(originalMeta) as Record<string, unknown>;
      const warning = { file: "/opt/lmms-eval/tasks/suite/suite_b.yaml", message: "'suite_b' is also defined in /opt/lmms-eval/tasks/suite/suite_a.yaml; lmms-eval keeps whichever file it reads last" };
      db.prepare("update settings set value = ? where key = 'task_catalogue_meta'").run(JSON.stringify({ ...meta, warnings: [warning], warningCount: 1 }));
      db.prepare("update task_catalogue set members = '[]' where name = 'scienceqa_full'").run();
    });

    await page.goto("/runs/new");
    // "1 warning" opens to say what it is.
    const meta = page.getByTestId("catalogue-meta");
    await meta.getByRole("button", { name: "1 warning" }).click();
    await expect(page.getByRole("region", { name: "Catalogue warnings" })).toContainText("'suite_b' is also defined in");
    await meta.getByRole("button", { name: "1 warning" }).click();
    await expect(page.getByRole("region", { name: "Catalogue warnings" })).toHaveCount(0);

    // The group counts the members that name it, and ticking it ticks them.
    const list = page.getByRole("list", { name: "Task catalogue" });
    await page.getByLabel("Search tasks").fill("scienceqa_full");
    await expect(list.getByText("group · 2")).toBeVisible();
    await list.getByRole("checkbox", { name: "scienceqa_full", exact: true }).check();
    await page.getByRole("button", { name: "Expand scienceqa_full" }).click();
    await expect(list.getByRole("checkbox", { name: "scienceqa_img", exact: true })).toBeChecked();
    await expect(list.getByRole("checkbox", { name: "scienceqa", exact: true })).toBeChecked();
    await expect(page.getByTestId("task-selection-count")).toContainText("runs 2 tasks");
    // Tags are counted as tags.
    await page.getByLabel("Search tasks").fill("");
    await expect(page.getByRole("group", { name: "Show" }).getByRole("button", { name: /^Tags/ })).toHaveText("Tags 2");
  } finally {
    withDb((db) => db.prepare("update settings set value = ? where key = 'task_catalogue_meta'").run(originalMeta));
    const refreshed = await page.request.post("/api/v1/tasks/refresh", { headers: { origin: baseURL ?? "" } });
    expect(refreshed.ok(), await refreshed.text()).toBe(true);
  }
});
