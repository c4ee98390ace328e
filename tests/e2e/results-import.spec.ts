import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN_STATE, launchRun } from "./helpers";

/**
 * Import → samples browser, as a user clicks through it: the lmms-eval output folder of fixture A (openai model,
 * mme + ai2d excerpts) is uploaded through the import page's folder picker, then its samples are filtered, searched
 * and opened; its run page shows the category chart and the throughput/usage/efficiency panel. A stand-in run gives a
 * chart with several categories, and fixture B, given `input_media` of each kind, the images the samples browser shows
 * (data: URIs) and the links it shows instead of fetching (http(s) URLs). The fresh e2e database may already hold
 * fixture A's run (another spec, a retry): "already imported" is fine.
 */

test.use({ storageState: ADMIN_STATE });

const FIXTURES = path.join(__dirname, "..", "fixtures", "lmms-eval");
const FOLDER_A = path.join(FIXTURES, "A_openai_mme_ai2d");
const B_LOGS = path.join(FIXTURES, "B_dummy_offline_toy", "logs", "offline_smoke");

/** The bars of a category chart, top to bottom: label and length as a share of the value axis. */
async function chartBars(chart: Locator): Promise<Array<{ category: string; share: number }>> {
  const axis = await chart.locator(".recharts-bar-background-rectangle").first().getAttribute("width");
  const widths = await chart.locator(".recharts-bar-rectangle rect").evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
  const labels = await chart.locator(".recharts-yAxis-tick-labels tspan").allTextContents();
  expect(labels).toHaveLength(widths.length);
  return widths.map((w, i) => ({ category: labels[i], share: w / Number(axis) }));
}

/** The value of a key figure (`<dt>label</dt><dd>value</dd>`) in the usage panel block under `heading`. */
function keyFigure(panel: Locator, heading: string, label: string): Locator {
  const block = panel.getByRole("heading", { level: 3, name: heading }).locator("xpath=following-sibling::dl[1]");
  return block.locator("div").filter({ has: panel.page().locator("dt", { hasText: new RegExp(`^${label}`) }) }).locator("dd");
}

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

  // The category chart: fixture A's six mme excerpts are all code_reasoning, five right: one bar at 5/6 of the axis,
  // its whisker the Wilson 95% interval the table prints (43.6% – 97.0%).
  const chart = results.getByRole("figure", { name: "Score per category for mme" });
  await expect(chart.locator(".recharts-bar-rectangle rect")).toHaveCount(1);
  const [bar] = await chartBars(chart);
  expect(bar.category).toBe("code_reasoning");
  expect(bar.share).toBeCloseTo(5 / 6, 3);
  await expect(results.getByTestId("category-table").getByRole("row").filter({ hasText: "code_reasoning" })).toContainText("43.6% – 97.0%");
  const axis = chart.locator(".recharts-bar-background-rectangle").first();
  const [x0, width] = [Number(await axis.getAttribute("x")), Number(await axis.getAttribute("width"))];
  const whisker = (await chart.locator(".recharts-bar-rectangle line").first().evaluate((l) => [l.getAttribute("x1"), l.getAttribute("x2")])).map((x) => (Number(x) - x0) / width);
  expect(whisker[0]).toBeCloseTo(0.4365, 3);
  expect(whisker[1]).toBeCloseTo(0.9700, 3);

  // Throughput, tokens and efficiency: fixture A's blocks as key figures and per-task tables.
  const usage = results.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Throughput, tokens and efficiency" }) });
  await expect(keyFigure(usage, "Throughput", "Generated tokens")).toHaveText("5,479");
  await expect(keyFigure(usage, "Throughput", "Output speed")).toHaveText("0.78 tok/s");
  await expect(keyFigure(usage, "Throughput", "Model time")).toHaveText("1h 57m 15s");
  await expect(keyFigure(usage, "Token usage", "Input tokens")).toHaveText("6,331,465");
  await expect(keyFigure(usage, "Token usage", "Output tokens")).toHaveText("5,479");
  await expect(keyFigure(usage, "Token usage", "API calls")).toHaveText("5,462");
  // Zero reasoning tokens and no budget are left out rather than shown as 0 / —.
  await expect(keyFigure(usage, "Token usage", "Reasoning tokens")).toHaveCount(0);
  await expect(keyFigure(usage, "Token usage", "Token budget")).toHaveCount(0);
  await expect(keyFigure(usage, "Efficiency", "Tokens / correct answer")).toHaveText("1.17");
  await expect(keyFigure(usage, "Efficiency", "Avg output tokens")).toHaveText("1.00");
  await expect(keyFigure(usage, "Efficiency", "Correct score")).toHaveText("4,668 / 5,462");
  await expect(usage.getByRole("table", { name: "Tokens by task" }).locator("tbody tr").locator("td")).toHaveText(["unattributed (model calls)", "6,331,465", "5,479", "5,462"]);
  const efficiencyRows = usage.getByRole("table", { name: "Efficiency by task" }).locator("tbody tr");
  await expect(efficiencyRows.nth(0).locator("td")).toHaveText(["ai2d", "3,088", "2,574", "1.01", "1.21"]);
  await expect(efficiencyRows.nth(1).locator("td")).toHaveText(["mme", "2,374", "2,094", "1.00", "1.13"]);
});

test("a stand-in run's category chart has one bar per category, highest first, in proportion", async ({ page, baseURL }) => {
  // The stand-in's mme: four categories of four docs, answered right unless doc_id % 3 == 0 (tests/fixtures/standin).
  const runId = await launchRun(page, baseURL, { model: "standin", modelArgs: "pretrained=org/categories", tasks: ["mme"] });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { status: string }).status, { timeout: 45_000, intervals: [500] })
    .toBe("succeeded");
  await page.goto(`/runs/${runId}`);
  const chart = page.getByTestId("run-results").getByRole("figure", { name: "Score per category for mme" });
  await expect(chart.locator(".recharts-bar-rectangle rect")).toHaveCount(4);
  const bars = await chartBars(chart);
  expect(bars.map((b) => b.category)).toEqual(["artwork", "text_translation", "code_reasoning", "color"]);
  expect(bars.map((b) => b.share)).toEqual([expect.closeTo(0.75, 3), expect.closeTo(0.75, 3), expect.closeTo(0.5, 3), expect.closeTo(0.5, 3)]);
});

test("sample images from data: URIs are shown; http(s) URLs are links the page never fetches; other references are named", async ({ page }) => {
  // A 3×2 pixel PNG: a decoded image proves the browser really loaded it.
  const inlinePng = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4oaEBQQxwFgBFdAaR8TH9JAAAAABJRU5ErkJggg==";
  const remoteUrl = "https://images.example.org/e2e/chart.png";
  const remoteRequests: string[] = [];
  // No network here: the "remote" host is answered by the test, which records every request the browser makes to it.
  await page.context().route("https://images.example.org/**", (route) => {
    remoteRequests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/png", body: Buffer.from(inlinePng, "base64") });
  });

  const stamp = Date.now().toString(36);
  const results = fs.readFileSync(path.join(B_LOGS, "20260806_113012_results.json"), "utf8").replaceAll('"response=A"', `"response=A,pretrained=e2e/media-${stamp}"`);
  const media: Record<number, string[]> = {
    0: [`data:image/png;base64,${inlinePng}`],
    1: [remoteUrl],
    2: ["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "javascript:alert(1)"],
  };
  const samples = fs
    .readFileSync(path.join(B_LOGS, "20260806_113012_samples_toy_qa.jsonl"), "utf8")
    .split("\n")
    .map((line) => {
      if (!line.trim()) return line;
      const record = JSON.parse(line) as { doc_id: number };
      return JSON.stringify(media[record.doc_id] ? { ...record, input_media: media[record.doc_id] } : record);
    });
  await page.goto("/runs/import");
  const upload = page.getByTestId("upload-import");
  await upload.getByLabel("Choose files").setInputFiles([
    { name: "20260806_113012_results.json", mimeType: "application/json", buffer: Buffer.from(results) },
    { name: "20260806_113012_samples_toy_qa.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(samples.join("\n")) },
  ]);
  await upload.getByRole("button", { name: /^Import/ }).click();
  const href = await upload.getByTestId("imported-run-link").first().getAttribute("href");
  const runId = Number(href?.match(/\/runs\/(\d+)$/)?.[1]);
  expect(runId).toBeGreaterThan(0);

  await page.goto(`/runs/${runId}/samples?task=toy_qa`);
  const list = page.getByTestId("samples-list");
  const detail = page.getByTestId("sample-detail");
  const loadedSize = (img: Locator) => img.evaluate((el: HTMLImageElement) => (el.complete ? [el.naturalWidth, el.naturalHeight] : null));

  await list.locator('[data-doc-id="0"]').click();
  await expect(detail.getByRole("heading", { name: "doc 0" })).toBeVisible();
  const inline = detail.getByRole("img", { name: "Input image inline image" });
  await expect(inline).toHaveAttribute("src", `data:image/png;base64,${inlinePng}`);
  await expect.poll(() => loadedSize(inline)).toEqual([3, 2]);
  await expect(detail.getByText("Could not load the image")).toHaveCount(0);

  await list.locator('[data-doc-id="1"]').click();
  await expect(detail.getByRole("heading", { name: "doc 1" })).toBeVisible();
  // Whoever imported the run chose that URL: it is a link to open, and opening the sample contacts nobody.
  const remote = detail.getByRole("link", { name: new RegExp(`Image on another site ${remoteUrl.replaceAll(".", "\\.")}`) });
  await expect(remote).toHaveAttribute("href", remoteUrl);
  await expect(remote).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(detail.getByRole("img")).toHaveCount(0);
  await list.locator('[data-doc-id="0"]').click();
  await expect.poll(() => loadedSize(inline)).toEqual([3, 2]);
  expect(remoteRequests).toEqual([]);

  // A data: URI of another type and a javascript: URL are named, never put in an <img> or a link.
  await list.locator('[data-doc-id="2"]').click();
  await expect(detail.getByRole("heading", { name: "doc 2" })).toBeVisible();
  await expect(detail.getByText("Not an image reference")).toHaveCount(2);
  await expect(detail.getByRole("img")).toHaveCount(0);
  await expect(detail.locator('a[href^="javascript:"], a[href^="data:text"]')).toHaveCount(0);
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
