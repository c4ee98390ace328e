import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, launchRun } from "./helpers";

type StoredRun = { status: string; model: string; modelArgs: string; modelVersionId: number | null; versionOverrides: Record<string, [string, string]> | null; params: Record<string, unknown> };

/**
 * The model registry end to end: register a model and two versions in the UI (the second copied from the first),
 * launch a run of each (through the REST API), then compare the versions and read the model's history; and launch a
 * version from its row through the new-run form (`/runs/new?version=`), overriding one argument. The stand-in
 * lmms-eval answers differently per backend: `standin` is right on docs whose id is not divisible by 3, `dummy`
 * always answers "A".
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

test("launch a version from its row: the form is prefilled, an edited argument is shown and stored as an override", async ({ page, baseURL }) => {
  const name = `e2e-launch-${Date.now()}`;
  const post = async (url: string, data: Record<string, unknown>) => {
    const res = await page.request.post(url, { data, headers: { origin: baseURL ?? "" } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: number };
  };
  // The registry UI is the first test's subject; here the model and its version are set up through the API.
  const model = await post("/api/v1/models", { name });
  const version = await post(`/api/v1/models/${model.id}/versions`, { label: "v1", backend: "standin", modelArgs: "pretrained=org/launch,dtype=bf16", genKwargs: "temperature=0" });

  // The worker fills the task catalogue when it starts; the form's picker needs it.
  await expect.poll(async () => ((await (await page.request.get("/api/v1/tasks")).json()) as { items: unknown[] }).items.length, { timeout: 60_000 }).toBeGreaterThan(0);

  await page.goto(`/models/${model.id}`);
  await page.getByTestId("version-row-v1").getByRole("link", { name: "Launch a run of v1" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/new\\?version=${version.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `New run of ${name} v1` })).toBeVisible();

  // Prefilled from the version, which it would run as registered.
  const banner = page.getByTestId("version-banner");
  await expect(banner).toContainText("No overrides: this run evaluates the version as registered.");
  await expect(page.getByTestId("version-diff")).toHaveCount(0);
  await expect(page.getByLabel("Backend")).toHaveValue("standin");
  await expect(page.getByLabel("Model args value of pretrained", { exact: true })).toHaveValue("org/launch");
  await expect(page.getByLabel("Model args value of dtype", { exact: true })).toHaveValue("bf16");
  await expect(page.getByLabel("Generation kwargs value of temperature", { exact: true })).toHaveValue("0");

  await page.getByLabel("Search tasks").fill("mme");
  await page.getByRole("list", { name: "Task catalogue" }).getByRole("checkbox", { name: "mme", exact: true }).check();
  await page.getByLabel("Limit").fill("4");
  const preview = page.getByTestId("command-preview");
  await expect(preview).toContainText("--model standin --model_args pretrained=org/launch,dtype=bf16");
  await expect(preview).toContainText("--gen_kwargs temperature=0");

  // One argument changed: the diff names that field only, version value struck out, the run's value inserted.
  await page.getByLabel("Model args value of dtype", { exact: true }).fill("fp16");
  const diff = page.getByTestId("version-diff");
  await expect(diff.getByRole("listitem")).toHaveCount(1);
  await expect(diff.getByRole("listitem")).toContainText("model args:");
  await expect(diff.locator("del")).toHaveText("pretrained=org/launch,dtype=bf16");
  await expect(diff.locator("ins")).toHaveText("pretrained=org/launch,dtype=fp16");
  await expect(banner).not.toContainText("No overrides");
  await expect(preview).toContainText("--model_args pretrained=org/launch,dtype=fp16");

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runId = Number(new URL(page.url()).pathname.split("/").pop());

  // Stored as a run of the version, with the override recorded and the untouched gen kwargs taken from the version.
  const stored = async () => (await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as StoredRun;
  expect(await stored()).toMatchObject({
    model: "standin",
    modelArgs: "pretrained=org/launch,dtype=fp16",
    modelVersionId: version.id,
    versionOverrides: { modelArgs: ["pretrained=org/launch,dtype=bf16", "pretrained=org/launch,dtype=fp16"] },
    params: { genKwargs: "temperature=0", limit: 4 },
  });
  expect(Object.keys((await stored()).versionOverrides ?? {})).toEqual(["modelArgs"]);
  // Let it finish so it does not hold a worker slot for the specs after this one.
  await expect.poll(async () => (await stored()).status, { timeout: 45_000, intervals: [500] }).toBe("succeeded");
});

test("an unknown model is a 404 page, and comparing a version with itself is refused", async ({ page }) => {
  await page.goto("/models/999999");
  await expect(page.getByRole("heading", { name: "Model not found" })).toBeVisible();
  await page.goto("/models/compare?a=1&b=1");
  await expect(page.getByRole("alert").filter({ hasText: "Pick two different versions." })).toBeVisible();
});
