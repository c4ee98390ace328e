import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

/**
 * Import → samples browser, as a user clicks through it: the lmms-eval output folder of fixture A (openai model,
 * mme + ai2d excerpts) is uploaded through the import page's folder picker, then its samples are filtered, searched
 * and opened. The fresh e2e database may already hold the run (another spec, a retry): "already imported" is fine.
 */

test.use({ storageState: ADMIN_STATE });

const FIXTURES = path.join(__dirname, "..", "fixtures", "lmms-eval");
const FOLDER_A = path.join(FIXTURES, "A_openai_mme_ai2d");
const B_LOGS = path.join(FIXTURES, "B_dummy_offline_toy", "logs", "offline_smoke");

async function importFolderA(page: Page): Promise<number> {
  await page.goto("/runs/import");
  await expect(page.getByRole("heading", { name: "Import runs" })).toBeVisible();
  const upload = page.getByTestId("upload-import");
  await upload.getByLabel("Choose folder").setInputFiles(FOLDER_A);
  const selection = upload.getByTestId("import-selection");
  // results JSON + two samples files; the console captures are skipped.
  await expect(selection).toContainText("3 files to upload");
  await expect(selection).toContainText("Skipping 2 other files");

  await upload.getByRole("button", { name: "Preview" }).click();
  const candidate = upload.getByTestId("import-candidate");
  await expect(candidate).toHaveCount(1);
  await expect(candidate).toContainText("20260806_101502_results.json");
  await expect(candidate).toContainText("openai");
  await expect(candidate).toContainText("ai2d");
  await expect(candidate).toContainText("mme");

  await upload.getByRole("button", { name: /^Import/ }).click();
  const link = upload.getByTestId("import-done").getByTestId("imported-run-link").first();
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  const id = Number(href?.match(/\/runs\/(\d+)$/)?.[1]);
  expect(id).toBeGreaterThan(0);

  // The same folder again is recognised, not duplicated.
  await upload.getByRole("button", { name: "Preview" }).click();
  await expect(candidate).toContainText(`already imported as #${id}`);
  return id;
}

test("import a logs folder, then filter, search and open its samples", async ({ page }) => {
  const runId = await importFolderA(page);

  await page.goto(`/runs/${runId}/samples`);
  await expect(page.getByRole("heading", { name: "Samples", exact: true })).toBeVisible();
  // ai2d comes first; all five excerpted samples are listed.
  await expect(page.getByLabel("Task")).toHaveValue("ai2d");
  const list = page.getByTestId("samples-list");
  await expect(list.getByRole("option")).toHaveCount(5);

  // Keyboard: j moves the selection, the detail follows; doc 4 kept its raw <think> answer.
  await list.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("j");
  await expect(list.getByRole("option", { selected: true })).toHaveAttribute("data-doc-id", "4");
  await expect(page.getByTestId("sample-raw-response")).toContainText("<think>Count: egg, larva, pupa, adult.</think>B");
  await expect(page.getByTestId("sample-response")).toHaveText("B");

  // Only the wrong answers.
  await page.getByRole("radio", { name: /Incorrect/ }).click();
  await expect(page).toHaveURL(/correct=false/);
  await expect(list.getByRole("option")).toHaveCount(1);

  // Full-text search, with the hit highlighted.
  await page.getByLabel("Search samples").fill("mantle");
  await page.getByLabel("Search samples").press("Enter");
  await expect(page).toHaveURL(/q=mantle/);
  await expect(page).toHaveURL(/correct=false/);
  const hit = list.getByRole("option");
  await expect(hit).toHaveCount(1);
  await expect(hit.locator("mark")).toHaveText("mantle");

  // Open it: input, target and response.
  await hit.click();
  const detail = page.getByTestId("sample-detail");
  await expect(detail.getByRole("heading", { name: "doc 3" })).toBeVisible();
  await expect(detail.getByTestId("sample-input")).toContainText("Which label refers to the mantle?");
  await expect(detail.getByTestId("sample-target")).toHaveText("C");
  await expect(detail.getByTestId("sample-response")).toHaveText("D");
  await expect(detail).toContainText("incorrect");
  await expect(detail).toContainText("exact_match");

  // Enter opens the sample on its own; Escape closes it.
  await list.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Sample 3" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("sample-input")).toContainText("mantle");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Downloads cover the filtered view (every page of it).
  const csv = page.getByRole("link", { name: "CSV" });
  await expect(csv).toHaveAttribute("href", `/api/v1/runs/${runId}/samples/export?format=csv&task=ai2d&correct=false&q=mantle`);
  await expect(page.getByRole("link", { name: "JSONL" })).toBeVisible();
  const exported = await page.request.get((await csv.getAttribute("href")) ?? "");
  expect(exported.status()).toBe(200);
  // One record (its quoted input spans several lines): doc 3, target C, answered D.
  const text = await exported.text();
  expect(text.match(/^ai2d,\d+,/gm)).toEqual(["ai2d,3,"]);
  expect(text).toMatch(/^ai2d,3,C,D,/m);

  // Search terms are kept in the URL: a reload shows the same view.
  await page.reload();
  await expect(page.getByLabel("Search samples")).toHaveValue("mantle");
  await expect(list.getByRole("option")).toHaveCount(1);

  // MME: categories, dict scores, and images that need MEDIA_ROOTS (not set here) degrade gracefully.
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await page.getByLabel("Task").selectOption("mme");
  await expect(page).toHaveURL(/task=mme/);
  // "Incorrect" carries over to the other task (mme has one wrong answer), then back to all of them.
  await expect(page).toHaveURL(/correct=false/);
  await expect(list.getByRole("option")).toHaveCount(1);
  await page.getByRole("radio", { name: /All/ }).click();
  await expect(page).not.toHaveURL(/correct=/);
  await expect(page.getByLabel("Category")).toContainText("code_reasoning");
  await expect(list.getByRole("option")).toHaveCount(6);
  await expect(detail).toContainText("mme_cognition_score");
  await expect(detail).toContainText("code_reasoning");
  await expect(detail.getByText("Not available (set MEDIA_ROOTS)")).toBeVisible();

  // Jump to a doc_id, then back to the first page.
  await page.getByLabel("Jump to doc_id").fill("4");
  await page.getByLabel("Jump to doc_id").press("Enter");
  await expect(page).toHaveURL(/doc=4/);
  await expect(list.getByRole("option").first()).toHaveAttribute("data-doc-id", "4");
  await page.getByRole("link", { name: "First" }).click();
  await expect(page).not.toHaveURL(/doc=/);
  await expect(list.getByRole("option").first()).toHaveAttribute("data-doc-id", "0");
});

test("a malformed samples line is refused with its file and line number", async ({ page }) => {
  const results = fs.readFileSync(path.join(B_LOGS, "20260806_113012_results.json"));
  const samples = fs.readFileSync(path.join(B_LOGS, "20260806_113012_samples_toy_qa.jsonl"), "utf8").split("\n");
  samples[2] = '{"doc_id": 2, "target": "A", broken';
  await page.goto("/runs/import");
  const upload = page.getByTestId("upload-import");
  await upload.getByLabel("Choose files").setInputFiles([
    { name: "20260806_113012_results.json", mimeType: "application/json", buffer: results },
    { name: "20260806_113012_samples_toy_qa.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(samples.join("\n")) },
  ]);
  await upload.getByRole("button", { name: /^Import/ }).click();
  const error = upload.getByTestId("import-error");
  await expect(error).toContainText("Nothing was imported");
  await expect(error).toContainText("20260806_113012_samples_toy_qa.jsonl:3");
});

test("the run page shows the imported results", async ({ page }) => {
  const runId = await importFolderA(page);
  await page.goto(`/runs/${runId}`);
  const results = page.getByTestId("run-results");
  await expect(results.getByTestId("metrics-table")).toContainText("exact_match");
  await expect(results.getByTestId("metrics-table")).toContainText("±0.0131");
  await expect(results.getByRole("button", { name: "Copy as Markdown" })).toBeVisible();
  await expect(results.getByRole("link", { name: "Results JSON" })).toHaveAttribute("href", `/api/v1/runs/${runId}/results/raw`);
  await expect(results.getByTestId("category-table")).toContainText("code_reasoning");
});

test("an imported run that matches no version is registered as a new version from the outcome", async ({ page }) => {
  // Unique model args: a fresh run (not "already imported") whatever ran before, matching no registered version.
  const stamp = Date.now().toString(36);
  const results = fs.readFileSync(path.join(B_LOGS, "20260806_113012_results.json"), "utf8").replaceAll('"response=A"', `"response=A,pretrained=e2e/${stamp}"`);
  await page.goto("/runs/import");
  const upload = page.getByTestId("upload-import");
  await upload.getByLabel("Choose files").setInputFiles([
    { name: "20260806_113012_results.json", mimeType: "application/json", buffer: Buffer.from(results) },
    { name: "20260806_113012_samples_toy_qa.jsonl", mimeType: "application/x-ndjson", buffer: fs.readFileSync(path.join(B_LOGS, "20260806_113012_samples_toy_qa.jsonl")) },
  ]);
  await upload.getByRole("button", { name: /^Import/ }).click();
  const row = upload.getByTestId("imported-run");
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Register as new version" }).click();

  // Prefilled from the run: the weights' name for a new model, its date as the label.
  const form = row.getByTestId("register-version-form");
  await expect(form).toContainText(`response=A,pretrained=e2e/${stamp}`);
  await expect(form.getByLabel("Model", { exact: true })).toHaveValue("new");
  await expect(form.getByLabel("New model name")).toHaveValue(`e2e/${stamp}`);
  await expect(form.getByLabel("Version label")).toHaveValue("2026-08-06");
  await form.getByLabel("Version label").fill("");
  await form.getByRole("button", { name: "Register version" }).click();
  await expect(form.getByText("Label is required")).toBeVisible();

  await form.getByLabel("New model name").fill(`e2e-import-${stamp}`);
  await form.getByLabel("Version label").fill("2026-08-06");
  await form.getByRole("button", { name: "Register version" }).click();
  const version = row.getByTestId("imported-run-version");
  await expect(version).toContainText(`e2e-import-${stamp} · 2026-08-06`);
  await expect(form).toBeHidden();

  await version.getByRole("link").click();
  await expect(page.getByRole("heading", { name: `e2e-import-${stamp}` })).toBeVisible();
  await expect(page.getByText("2026-08-06").first()).toBeVisible();
});
