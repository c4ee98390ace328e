import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "../e2e/helpers";

test.use({ storageState: ADMIN_STATE });

/**
 * Issue 8's "done": an administrator sets the Slurm settings, a user picks "Slurm cluster" on the run form and watches
 * the run like a local one — live progress, Slurm's own state and job id, the batch script, and ingested results.
 * Runs against the real single-node cluster scripts/test-slurm.mjs brings up.
 */
test("configure Slurm, launch on it from the form, watch it run and finish with results", async ({ page }) => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), "slurm-ui-shared-"));

  await page.goto("/settings/slurm");
  await page.getByLabel("Shared folder").fill(shared);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved. New runs use these settings")).toBeVisible();

  await expect
    .poll(async () => ((await (await page.request.get("/api/v1/tasks")).json()) as { items: unknown[] }).items.length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  await page.goto("/runs/new");
  const runsOn = page.getByLabel("Runs on");
  await expect(runsOn).toHaveValue("local");
  await page.getByLabel("Backend").fill("standin");
  await page.getByRole("group", { name: "Model args view" }).getByRole("button", { name: "Raw" }).click();
  await page.getByLabel("Model args", { exact: true }).fill("pretrained=org/tiny,delay=0.5");
  await page.getByLabel("Search tasks").fill("mme");
  await page.getByLabel("Search tasks").press("Enter");
  await page.getByLabel("Limit").fill("6");
  await runsOn.selectOption("slurm");
  // The preview shows the run's folder on the shared file system, as the nodes will see it.
  await expect(page.getByTestId("command-preview")).toContainText(`--output_path ${shared}/runs/`);
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const job = page.getByTestId("slurm-job");
  await expect(job).toBeVisible();
  await expect(job).toContainText(/job \d+/, { timeout: 60_000 });
  // Slurm's state arrives live while lmms-eval's own progress streams from the tailed console file.
  await expect(job).toContainText(/RUNNING on \S+|COMPLETED/, { timeout: 90_000 });
  await expect(page.getByTestId("run-console").getByTestId("console-line").first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
  await expect(job).toContainText("COMPLETED");
  await expect(page.getByTestId("run-results")).toContainText("mme");

  await job.getByText("Batch script").click();
  await expect(job.locator("pre")).toContainText("#SBATCH --job-name=");

  // A re-run goes where the original ran.
  await page.goto(`${new URL(page.url()).pathname.replace(/^\/runs\//, "/runs/new?from=")}`);
  await expect(page.getByLabel("Runs on")).toHaveValue("slurm");
  fs.rmSync(shared, { recursive: true, force: true });
});
