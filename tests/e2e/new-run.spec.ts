import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

test.use({ storageState: ADMIN_STATE });

/** The worker fills the catalogue from the stand-in lmms-eval when it first starts; wait for that, not a fixed time. */
async function waitForCatalogue(request: APIRequestContext) {
  await expect
    .poll(async () => ((await (await request.get("/api/v1/tasks")).json()) as { items: unknown[] }).items.length, { timeout: 60_000 })
    .toBeGreaterThan(0);
}

async function runCount(request: APIRequestContext): Promise<number> {
  const response = await request.get("/api/v1/runs");
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { total: number }).total;
}

/** Picks a catalogue entry the way a user does: search, then tick its box in the list. */
async function pickTask(page: Page, name: string) {
  await page.getByLabel("Search tasks").fill(name);
  await page.getByRole("list", { name: "Task catalogue" }).getByRole("checkbox", { name, exact: true }).check();
}

const catalogueBox = (page: Page, name: string) =>
  page.getByRole("list", { name: "Task catalogue" }).getByRole("checkbox", { name, exact: true }).first();

async function previewText(page: Page): Promise<string> {
  const text = (await page.getByTestId("command-preview").textContent()) ?? "";
  return text.replace(/^\$ /, "");
}

test("launch from the form, then watch it: live progress to 100 %, succeeded, results on the page", async ({ page }) => {
  await waitForCatalogue(page.request);
  const before = await runCount(page.request);
  await page.goto("/runs/new");
  await expect(page.getByRole("heading", { name: "New run" })).toBeVisible();

  await page.getByLabel("Backend").fill("standin");
  // Raw view, then back to rows: both views show the same arguments.
  await page.getByRole("group", { name: "Model args view" }).getByRole("button", { name: "Raw" }).click();
  await page.getByLabel("Model args", { exact: true }).fill("pretrained=org/tiny");
  await page.getByRole("group", { name: "Model args view" }).getByRole("button", { name: "Key / value" }).click();
  await expect(page.getByLabel("Model args key 1")).toHaveValue("pretrained");
  await expect(page.getByLabel("Model args value of pretrained", { exact: true })).toHaveValue("org/tiny");

  // Enter in the search box picks the single match and does not submit the form.
  await page.getByLabel("Search tasks").fill("mme");
  await page.getByLabel("Search tasks").press("Enter");
  await expect(catalogueBox(page, "mme")).toBeChecked();
  await pickTask(page, "ai2d");

  const chips = page.getByRole("list", { name: "Selected tasks" });
  await expect(chips.getByRole("listitem")).toHaveText([/mme/, /ai2d/]);
  await expect(page.getByTestId("task-selection-count")).toContainText("2 selected");

  const preview = page.getByTestId("command-preview");
  await expect(preview).toContainText("--model standin --model_args pretrained=org/tiny --tasks mme,ai2d");
  await page.getByLabel("Limit").fill("3");
  await expect(preview).toContainText("--limit 3");
  const shown = await previewText(page);
  expect(shown).toContain("<id>");
  expect(await runCount(page.request)).toBe(before);

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());

  const response = await page.request.get(`/api/v1/runs/${id}`);
  expect(response.ok()).toBe(true);
  const run = await response.json();
  expect(run).toMatchObject({ id, model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme", "ai2d"], params: { limit: 3 } });
  // The preview shown before launching is the stored command, the run's number aside.
  expect(run.commandPreview).toBe(shown.replace("<id>", String(id)));
  expect(await runCount(page.request)).toBe(before + 1);

  // The page it landed on follows the run without reloading: progress, the outcome, then its results.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("run-status").first()).toContainText("succeeded", { timeout: 90_000 });
  // Finished: the spent progress card gives way to the results, which come first.
  await expect(page.getByTestId("run-percent")).toHaveCount(0);
  const results = page.getByTestId("run-results");
  await expect(results.getByTestId("metrics-table")).toContainText("mme");
  await expect(results.getByTestId("metrics-table")).toContainText("ai2d");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test("picker: groups run by name (tri-state), YAML viewer, catalogue refresh", async ({ page }) => {
  await waitForCatalogue(page.request);
  await page.goto("/runs/new");

  await pickTask(page, "scienceqa_full");
  const chips = page.getByRole("list", { name: "Selected tasks" });
  await expect(chips.getByRole("listitem")).toHaveText([/scienceqa_full/]);
  await page.getByRole("button", { name: "Expand scienceqa_full" }).click();
  await expect(catalogueBox(page, "scienceqa")).toBeChecked();
  await expect(catalogueBox(page, "scienceqa_img")).toBeChecked();

  // Unchecking one member keeps the other running and leaves the group half-checked.
  await catalogueBox(page, "scienceqa").uncheck();
  await expect(chips.getByRole("listitem")).toHaveText([/scienceqa_img/]);
  await expect(catalogueBox(page, "scienceqa_full")).not.toBeChecked();
  expect(await catalogueBox(page, "scienceqa_full").evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);

  // Checking the half-checked group selects the group's name again.
  await catalogueBox(page, "scienceqa_full").check();
  await expect(chips.getByRole("listitem")).toHaveText([/scienceqa_full/]);
  await chips.getByRole("button", { name: "Remove scienceqa_full" }).click();
  await expect(page.getByTestId("task-selection-count")).toContainText("0 selected");

  await page.getByLabel("Search tasks").fill("textvqa_val");
  await page.getByRole("button", { name: "Show YAML of textvqa_val" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("task-yaml")).toContainText("include: _default_template_textvqa_yaml");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "Refresh catalogue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Catalogue refreshed" })).toContainText(/\d+ entries by scanning/);
});

test("validation: field errors next to their fields, nothing queued", async ({ page }) => {
  await waitForCatalogue(page.request);
  const before = await runCount(page.request);
  await page.goto("/runs/new");
  await page.getByLabel("Backend").fill("standin");
  await pickTask(page, "mme");
  await page.getByLabel("Limit").fill("0");
  await page.getByRole("button", { name: "Add variable" }).click();
  // The server's own rule, shown while typing: the dashboard sets PATH itself.
  await page.getByLabel("Name of environment variable 1").fill("PATH");
  await expect(page.getByLabel("Name of environment variable 1")).toHaveAccessibleDescription(/PATH cannot be set for a run/);
  await page.getByLabel("Name of environment variable 1").fill("bad-name");
  await page.getByLabel("Value of bad-name", { exact: true }).fill("x");

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("#limit-error")).toHaveText("limit must be greater than 0");
  // The message sits on the row and is linked to its inputs (aria-describedby).
  await expect(page.getByLabel("Name of environment variable 1")).toHaveAccessibleDescription(
    /environment variable name 'bad-name' must use upper-case letters/,
  );
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was queued" })).toBeVisible();
  await expect(page.getByLabel("Limit")).toBeFocused();
  await expect(page).toHaveURL(/\/runs\/new$/);

  // What only the server can check comes back as a field error too.
  await page.getByLabel("Limit").fill("5");
  await page.getByLabel("Name of environment variable 1").fill("GOOD_NAME");
  await page.getByLabel("Include path").fill("/does/not/exist");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("#includePath-error")).toHaveText("No include folders are configured: an administrator lists them in LMMS_EVAL_INCLUDE_PATHS");
  await expect(page).toHaveURL(/\/runs\/new$/);
  expect(await runCount(page.request)).toBe(before);
});

test("re-run: every field pre-filled, secrets must be re-entered, rerunOfId recorded", async ({ page, baseURL }) => {
  await waitForCatalogue(page.request);
  const created = await page.request.post("/api/v1/runs", {
    headers: { Origin: baseURL! },
    data: {
      model: "standin",
      modelArgs: "pretrained=org/tiny,api_key=sk-original-secret",
      tasks: ["scienceqa_full", "mme"],
      limit: 4,
      seed: 7,
      applyChatTemplate: true,
      verbosity: "WARNING",
      env: { HF_TOKEN: "hf_originalsecretvalue1234" },
    },
  });
  expect(created.status()).toBe(201);
  const original = (await created.json()) as { id: number };
  const before = await runCount(page.request);

  await page.goto(`/runs/new?from=${original.id}`);
  await expect(page.getByRole("heading", { name: `Re-run #${original.id}` })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("re-enter them");
  await expect(page.getByLabel("Backend")).toHaveValue("standin");
  await expect(page.getByLabel("Model args value of pretrained", { exact: true })).toHaveValue("org/tiny");
  await expect(page.getByLabel("Model args value of api_key", { exact: true })).toHaveValue("***");
  await expect(page.getByRole("list", { name: "Selected tasks" }).getByRole("listitem")).toHaveText([/scienceqa_full/, /mme/]);
  await expect(page.getByLabel("Limit")).toHaveValue("4");
  await expect(page.getByLabel("Seed")).toHaveValue("7");
  await expect(page.getByLabel("Verbosity")).toHaveValue("WARNING");
  await expect(page.getByLabel("Apply chat template")).toBeChecked();
  await expect(page.getByLabel("Name of environment variable 1")).toHaveValue("HF_TOKEN");
  await expect(page.getByLabel("Value of HF_TOKEN", { exact: true })).toHaveValue("");
  // No secret reached the page.
  expect(await page.content()).not.toContain("sk-original-secret");
  expect(await page.content()).not.toContain("hf_originalsecretvalue1234");

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("#modelArgs-error")).toContainText("re-enter api_key");
  await expect(page.getByLabel("Model args value of api_key", { exact: true })).toBeFocused();
  await expect(page.getByText("re-enter the value (it is never sent back to the browser)")).toBeVisible();
  expect(await runCount(page.request)).toBe(before);

  await page.getByLabel("Model args value of api_key", { exact: true }).fill("sk-new-secret");
  await page.getByLabel("Value of HF_TOKEN", { exact: true }).fill("hf_newsecretvalue12345678");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  expect(id).not.toBe(original.id);
  const rerun = await (await page.request.get(`/api/v1/runs/${id}`)).json();
  expect(rerun).toMatchObject({
    rerunOfId: original.id,
    model: "standin",
    modelArgs: "pretrained=org/tiny,api_key=***",
    tasks: ["scienceqa_full", "mme"],
    params: { limit: 4, seed: 7, applyChatTemplate: true, verbosity: "WARNING" },
    envNames: ["HF_TOKEN"],
  });
});
