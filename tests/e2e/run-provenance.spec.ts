import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { formatScore } from "../../lib/number-format";
import { ADMIN_STATE, launchRun, postJson, waitForSuccess } from "./helpers";

/**
 * Where a run came from, as a newcomer reads it: a run launched from a model version names and links that version,
 * lists and headers name the model rather than the backend, a finished run shows its results first, and one score
 * reads the same on the run page, the board and the model page. An imported run says it was imported and from which
 * file, shows no empty console, progress or Re-run, and can be registered as a new version from its own page.
 */

test.use({ storageState: ADMIN_STATE });

const B_LOGS = path.join(__dirname, "..", "fixtures", "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke");

test("a run of a model version: version linked, model named, results first, one score reads the same everywhere", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const name = `prov-${Date.now()}`;
  const model = await postJson(page, baseURL, "/api/v1/models", { name });
  const version = await postJson(page, baseURL, `/api/v1/models/${model.id}/versions`, { label: "v1", backend: "standin", modelArgs: `pretrained=org/${name}` });
  const runId = await launchRun(page, baseURL, { modelVersionId: version.id, tasks: ["ai2d"], limit: 12 });
  await waitForSuccess(page, runId);
  const results = (await (await page.request.get(`/api/v1/runs/${runId}/results`)).json()) as { metrics: Array<{ task: string; metric: string; value: number | null }> };
  const value = results.metrics.find((m) => m.task === "ai2d" && m.metric === "exact_match")!.value!;
  const score = formatScore(value);

  // The runs list names the model version (linked), not the backend, and shows the headline score.
  await page.goto("/runs");
  const row = page.getByTestId(`run-row-${runId}`);
  await expect(row.getByTestId("run-model").getByRole("link", { name: `${name} · v1` })).toHaveAttribute("href", `/models/${model.id}`);
  await expect(row.getByTestId("run-model")).toContainText(`standin · org/${name}`);
  await expect(row.getByTestId("run-headline")).toContainText(`${score}ai2d · exact_match`);

  // The run page names and links its version; the results come before the console.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-version").getByRole("link", { name: `${name} · v1` })).toHaveAttribute("href", `/models/${model.id}`);
  await expect(page.getByTestId("run-model")).toContainText(`${name} · v1`);
  const resultsBox = (await page.getByTestId("run-results").boundingBox())!;
  const consoleBox = (await page.getByRole("region", { name: "Console" }).boundingBox())!;
  expect(resultsBox.y).toBeLessThan(consoleBox.y);
  await expect(page.getByTestId("run-percent")).toHaveCount(0);
  const runPageScore = page.getByTestId("metrics-row").filter({ hasText: "exact_match" }).first();
  await expect(runPageScore).toContainText(score);

  // The board and the model page write the same score the same way.
  await page.goto("/compare");
  await expect(page.getByTestId("board-row").filter({ hasText: name })).toContainText(score);
  await page.goto(`/models/${model.id}`);
  await expect(page.getByTestId("latest-scores")).toContainText(score);
});

test("an imported run shows its provenance, hides what does not apply, and registers as a new version from its page", async ({ page, baseURL }) => {
  // Fixture B with a model arg of its own, so this import is new and matches no registered version.
  const tag = `prov-import-${Date.now()}`;
  const resultsName = "20260806_113012_results.json";
  const results = JSON.parse(fs.readFileSync(path.join(B_LOGS, resultsName), "utf8")) as { config: { model_args: string } };
  results.config.model_args = `response=A,tag=${tag}`;
  const form = new FormData();
  form.append("files", new Blob([JSON.stringify(results)], { type: "application/json" }), resultsName);
  const samples = "20260806_113012_samples_toy_qa.jsonl";
  form.append("files", new Blob([fs.readFileSync(path.join(B_LOGS, samples))], { type: "application/x-ndjson" }), samples);
  const imported = await page.request.post("/api/v1/imports", { multipart: form, headers: { origin: baseURL ?? "" } });
  expect(imported.status(), await imported.text()).toBe(201);
  const runId = ((await imported.json()) as { created: number[] }).created[0];

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("imported-badge")).toHaveText("Imported");
  await expect(page.getByTestId("imported-from")).toHaveText(resultsName);
  await expect(page.getByText("imported by")).toBeVisible();
  // No console, no progress card, no command of ours, no Re-run: it never ran here.
  await expect(page.getByRole("region", { name: "Console" })).toHaveCount(0);
  await expect(page.getByTestId("run-percent")).toHaveCount(0);
  await expect(page.getByTestId("run-command")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Re-run" })).toHaveCount(0);
  await expect(page.getByTestId("run-results").getByTestId("metrics-table")).toContainText("toy_qa");
  // The list says so too.
  await page.goto("/runs");
  await expect(page.getByTestId(`run-row-${runId}`).getByTestId("run-badges")).toContainText("imported");

  // Register it as a new version right here.
  await page.goto(`/runs/${runId}`);
  const versionLine = page.getByTestId("run-version");
  await versionLine.getByRole("button", { name: "Register as new version" }).click();
  const registerForm = page.getByTestId("register-version-form");
  await registerForm.getByLabel("Model", { exact: true }).selectOption("new");
  await registerForm.getByLabel("New model name").fill(tag);
  await registerForm.getByLabel("Version label").fill("imported-1");
  await registerForm.getByRole("button", { name: "Register version" }).click();
  await expect(versionLine.getByRole("link", { name: `${tag} · imported-1` })).toBeVisible();
  await expect(versionLine.getByRole("button", { name: "Register as new version" })).toHaveCount(0);
});
