import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, launchRun } from "./helpers";

/**
 * The model registry end to end: register a model and two versions in the UI (the second copied from the first),
 * launch a run of each (through the REST API, as the new-run form's `?version=` prefill is another screen), then
 * compare the versions and read the model's history. The stand-in lmms-eval answers differently per backend:
 * `standin` is right on docs whose id is not divisible by 3, `dummy` always answers "A".
 */

test.use({ storageState: ADMIN_STATE });

async function versionId(page: Page, label: string): Promise<number> {
  const id = await page.getByTestId(`version-row-${label}`).getAttribute("data-version-id");
  expect(id).toMatch(/^\d+$/);
  return Number(id);
}

const launch = (page: Page, baseURL: string | undefined, modelVersionId: number) => launchRun(page, baseURL, { modelVersionId, tasks: ["mme", "ai2d"], limit: 8 });

async function setRawArgs(scope: ReturnType<Page["getByRole"]> | Page, label: string, text: string): Promise<void> {
  await scope.getByRole("group", { name: `${label} view` }).getByRole("button", { name: "Raw" }).click();
  await scope.getByLabel(label, { exact: true }).fill(text);
}

test("register a model with two versions, run both, compare them and follow the history", async ({ page, baseURL }) => {
  const name = `e2e-vlm-${Date.now()}`;

  // Register the model from the list.
  await page.goto("/models");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).waitFor();
  await page.getByRole("button", { name: "New model" }).click();
  const newModel = page.getByRole("dialog", { name: "Register a model" });
  await newModel.getByLabel("Name").fill(name);
  await newModel.getByLabel("Description").fill("Stand-in model for the registry test");
  await newModel.getByLabel("Tags").fill("vlm, e2e");
  await newModel.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(/\/models\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const modelUrl = page.url();

  // First version.
  await page.getByRole("link", { name: "New version" }).click();
  await expect(page.getByLabel("Label", { exact: true })).toHaveValue("v1");
  await page.getByLabel("Backend (--model)").fill("standin");
  await setRawArgs(page, "Model args", "pretrained=org/a");
  await page.getByRole("button", { name: "Create version" }).click();
  await expect(page).toHaveURL(/\/models\/\d+\?created=\d+/);
  await expect(page.getByTestId("version-row-v1")).toContainText("pretrained=org/a");

  // Second version, copied from the first: label suggested, parent set, backend and args edited.
  await page.getByRole("link", { name: "New version from v1" }).click();
  await expect(page.getByRole("heading", { name: "New version from v1" })).toBeVisible();
  await expect(page.getByLabel("Label", { exact: true })).toHaveValue("v2");
  await expect(page.getByLabel("Backend (--model)")).toHaveValue("standin");
  await expect(page.getByLabel("Parent version")).toHaveValue(/\d+/);
  await page.getByLabel("Backend (--model)").fill("dummy");
  await setRawArgs(page, "Model args", "response=A");
  await page.getByLabel("Relation to parent").fill("fine-tune of");
  await page.getByRole("button", { name: "Create version" }).click();
  await expect(page.getByTestId("version-row-v2")).toContainText("fine-tune of v1");
  await expect(page.getByRole("list", { name: "Version lineage" })).toContainText("v2");

  const v1 = await versionId(page, "v1");
  const v2 = await versionId(page, "v2");

  // Open v1's editor while nothing has run on it yet: every field is editable...
  await page.getByRole("button", { name: "Edit v1" }).click();
  const editor = page.getByRole("dialog", { name: "Edit version v1" });
  await expect(editor.getByLabel("Backend (--model)")).toBeEnabled();

  // ...then a run uses it while the dialog is open (and one of v2 as well).
  const runs = [await launch(page, baseURL, v1), await launch(page, baseURL, v2)];

  // Saving a new configuration now is refused by the server, with the way forward.
  await setRawArgs(editor, "Model args", "pretrained=org/changed");
  await editor.getByRole("button", { name: "Save changes" }).click();
  const refusal = editor.getByTestId("version-edit-refused");
  await expect(refusal).toContainText(/was used by 1 run\(s\), so its modelArgs cannot change/);
  await expect(refusal.getByRole("link", { name: "Create a new version from this one" })).toHaveAttribute("href", new RegExp(`/versions/new\\?from=${v1}$`));
  await editor.getByRole("button", { name: "Cancel" }).click();

  for (const id of runs) {
    await expect
      .poll(async () => ((await (await page.request.get(`/api/v1/runs/${id}`)).json()) as { status: string }).status, { timeout: 45_000, intervals: [500] })
      .toBe("succeeded");
  }

  // Reopened, the editor shows the configuration as frozen, with the reason.
  await page.goto(modelUrl);
  await expect(page.getByTestId("version-row-v1")).toContainText("1");
  await page.getByRole("button", { name: "Edit v1" }).click();
  const frozen = page.getByRole("dialog", { name: "Edit version v1" });
  await expect(frozen.getByTestId("version-locked-reason")).toContainText("Used by 1 run: the label, backend, model args, gen kwargs and parent are frozen");
  await expect(frozen.getByLabel("Backend (--model)")).toBeDisabled();
  await expect(frozen.getByLabel("Label", { exact: true })).toBeDisabled();
  await frozen.getByRole("button", { name: "Cancel" }).click();

  // The history chart has one clickable point per run, and the latest-scores table a column per version.
  const chart = page.getByRole("figure", { name: /^History of / });
  await expect(chart.locator("svg").first()).toBeVisible();
  await expect(chart.getByTestId("history-point")).toHaveCount(2);
  await expect(chart.getByTestId("history-point").first()).toHaveAttribute("href", `/runs/${runs[0]}`);
  const latest = page.getByTestId("latest-scores");
  await expect(latest.getByRole("row").filter({ hasText: "ai2d" }).first()).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "v1" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "v2" })).toBeVisible();
  await expect(page.getByTestId("best-versions")).toContainText("mme");

  // Another benchmark from the selector keeps its choice in the URL.
  const ai2dOption = await page.getByLabel("Benchmark").locator("option", { hasText: "ai2d" }).first().getAttribute("value");
  await page.getByLabel("Benchmark").selectOption(ai2dOption!);
  await expect(page).toHaveURL(/bench=ai2d/);
  await expect(page.getByRole("figure", { name: /^History of ai2d/ }).getByTestId("history-point")).toHaveCount(2);

  // Compare v1 with v2: configuration differences only, then a paired test per metric.
  await page.getByLabel("Select v1 for comparison").check();
  await page.getByLabel("Select v2 for comparison").check();
  await page.getByRole("region", { name: "Versions" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/compare\\?a=${v1}&b=${v2}$`));
  const diff = page.getByTestId("config-diff");
  await expect(diff.getByRole("row").filter({ hasText: "backend" })).toContainText(/standin\s*dummy/);
  await expect(diff.getByRole("row").filter({ hasText: "pretrained" })).toContainText("org/a");
  await expect(diff.getByRole("row").filter({ hasText: "response" })).toContainText("A");
  const ai2d = page.getByTestId("compare-row").filter({ hasText: "ai2d" }).first();
  await expect(ai2d).toContainText("McNemar");
  await expect(ai2d).toContainText(/n = \d+ shared samples/);
  await expect(page.getByRole("columnheader", { name: "p (Holm)" })).toBeVisible();
});

test("an unknown model is a 404 page, and comparing a version with itself is refused", async ({ page }) => {
  await page.goto("/models/999999");
  await expect(page.getByRole("heading", { name: "Model not found" })).toBeVisible();
  await page.goto("/models/compare?a=1&b=1");
  await expect(page.getByRole("alert").filter({ hasText: "Pick two different versions." })).toBeVisible();
});
