import { expect, test, type Locator } from "@playwright/test";
import { ADMIN_STATE, launchRun, postJson, waitForSuccess } from "./helpers";

/**
 * What a newcomer's walk through every page tripped over, each checked the way they saw it. The stand-in lmms-eval
 * answers ai2d (12 docs) right unless doc_id % 3 == 0 with backend `standin`, and always "A" with `dummy` (targets
 * cycle A–D): 8/12 against 3/12, whose 95% CIs overlap.
 */

test.use({ storageState: ADMIN_STATE });

const background = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

test("a model's two versions: overlapping CIs tie, round chart ticks, diff colours that agree with the verdicts", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const name = `newcomer-${Date.now()}`;
  const model = await postJson(page, baseURL, "/api/v1/models", { name });
  const v1 = await postJson(page, baseURL, `/api/v1/models/${model.id}/versions`, { label: "v1", backend: "standin", modelArgs: `pretrained=org/${name}` });
  const v2 = await postJson(page, baseURL, `/api/v1/models/${model.id}/versions`, { label: "v2", backend: "dummy", modelArgs: "response=A" });

  // Before any run, the empty chart points up to the Versions table, which is above it.
  await page.goto(`/models/${model.id}`);
  const empty = page.getByTestId("performance-empty");
  await expect(empty).toContainText("Versions table above");
  const versionsBox = (await page.getByRole("region", { name: "Versions" }).boundingBox())!;
  expect(versionsBox.y).toBeLessThan((await empty.boundingBox())!.y);
  await expect(empty.getByRole("link", { name: "Versions table above" })).toHaveAttribute("href", "#versions");

  const base = await launchRun(page, baseURL, { modelVersionId: v1.id, tasks: ["ai2d"], limit: 12 });
  const other = await launchRun(page, baseURL, { modelVersionId: v2.id, tasks: ["ai2d"], limit: 12 });
  await waitForSuccess(page, base);
  await waitForSuccess(page, other);

  // 0.6667 ± 0.27 against 0.2500 ± 0.25: a tie, as the board's shared rank would call it, not "v1 is best".
  await page.goto(`/models/${model.id}`);
  const best = page.getByTestId("best-versions").locator("li", { hasText: "ai2d" });
  await expect(best).toHaveAttribute("data-tied", "true");
  await expect(best).toContainText("tie");
  await expect(best).toContainText("v1");
  await expect(best).toContainText("v2");
  await expect(page.getByTestId("latest-scores").locator("[data-best]")).toHaveCount(0);
  await expect(page.getByTestId("latest-scores").locator("[data-tied]")).toHaveCount(2);

  // The history chart's y axis has round ticks: equal steps of 1, 2 or 5 × 10^k, all with the same decimals.
  const tickLabels = page.getByRole("figure", { name: /^History of / }).locator(".recharts-yAxis-tick-labels tspan");
  await expect.poll(() => tickLabels.count()).toBeGreaterThanOrEqual(3);
  const ticks = await tickLabels.allTextContents();
  const values = ticks.map(Number);
  const steps = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  expect(steps.every((s) => Math.abs(s - steps[0]) < 1e-9)).toBe(true);
  const mantissa = steps[0] / 10 ** Math.floor(Math.log10(steps[0]) + 1e-9);
  expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
  expect(new Set(ticks.map((t) => t.split(".")[1]?.length ?? 0)).size).toBe(1);

  // The per-sample diff: in "broken" the base answer is right and the other wrong; the changed words take the colour
  // of their own verdict badge (green for the right answer), and nothing right is struck through.
  await page.goto(`/compare/samples?base=${base}&other=${other}&task=ai2d&bucket=broken`);
  await page.getByTestId("sample-diff-row").first().getByRole("button").click();
  const drawer = page.getByTestId("sample-drawer");
  const baseChanged = drawer.getByTestId("sample-base-response").locator("del").first();
  const otherChanged = drawer.getByTestId("sample-other-response").locator("ins").first();
  await expect(baseChanged).toHaveAttribute("data-verdict", "right");
  await expect(otherChanged).toHaveAttribute("data-verdict", "wrong");
  expect(await background(baseChanged)).toBe(await background(drawer.getByText("right", { exact: true })));
  expect(await background(otherChanged)).toBe(await background(drawer.getByText("wrong", { exact: true })));
  expect(await baseChanged.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe("none");

  // Benchmark vs benchmark with nothing chosen yet: the pair shown in the pickers is correlated, no "pick two".
  await page.goto("/compare/benchmarks");
  await expect(page.getByText("Pick two benchmarks")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Rank correlation" })).toBeVisible();
  const [a, b] = [await page.getByLabel("Benchmark A (x axis)").inputValue(), await page.getByLabel("Benchmark B (y axis)").inputValue()];
  expect(a).not.toBe(b);
});

test("a disabled outline button looks disabled", async ({ page }) => {
  await page.goto("/runs/new");
  // Nothing to copy before the form is filled in.
  const disabled = page.getByRole("button", { name: "Copy command" });
  await expect(disabled).toBeDisabled();
  // An outline button of the same kind that works, for comparison.
  const enabled = page.getByRole("button", { name: /Refresh catalogue/ });
  await expect(enabled).toBeEnabled();
  const opacity = (l: Locator) => l.evaluate((el) => Number(getComputedStyle(el).opacity));
  expect(await opacity(disabled)).toBeLessThanOrEqual(0.6);
  expect(await opacity(enabled)).toBe(1);
  // And hovering it does not light it up like a working button.
  const before = await background(disabled);
  await disabled.hover({ force: true });
  expect(await background(disabled)).toBe(before);
});

test("schedules: weekly, monthly and hourly pickers write the cron; list and history show a firing in the same zone", async ({ page, baseURL }) => {
  await page.goto("/schedules/new");
  const cron = page.getByLabel("Cron expression");
  const picker = page.getByTestId("cadence-picker");
  await picker.getByRole("radio", { name: "Weekly" }).check();
  await expect(cron).toHaveValue("0 2 * * 1");
  await picker.getByRole("checkbox", { name: "Monday" }).uncheck();
  await expect(picker.getByText("Pick at least one day.")).toBeVisible();
  await picker.getByRole("checkbox", { name: "Wednesday" }).check();
  await picker.getByRole("checkbox", { name: "Friday" }).check();
  await picker.getByLabel("Time of day").fill("18:30");
  await expect(cron).toHaveValue("30 18 * * 3,5");
  await picker.getByRole("radio", { name: "Monthly" }).check();
  await picker.getByLabel("Day of the month").selectOption("15");
  await expect(cron).toHaveValue("30 18 15 * *");
  await picker.getByRole("radio", { name: "Hourly" }).check();
  await picker.getByLabel("At minute").selectOption("45");
  await expect(cron).toHaveValue("45 * * * *");
  // Typing an expression the pickers can show brings them back to it.
  await cron.fill("0 9 * * 1-5");
  await expect(picker.getByRole("radio", { name: "Weekly" })).toBeChecked();
  await expect(picker.getByRole("checkbox", { name: "Tuesday" })).toBeChecked();
  await expect(picker.getByLabel("Time of day")).toHaveValue("09:00");

  // A schedule in Tokyo, fired now: the list's "last firing" and the history's row name the same time in the same zone.
  const model = await postJson(page, baseURL, "/api/v1/models", { name: `tz-${Date.now()}` });
  const version = await postJson(page, baseURL, `/api/v1/models/${model.id}/versions`, { label: "v1", backend: "standin", modelArgs: "pretrained=org/a" });
  const name = `Tokyo nightly ${Date.now()}`;
  const schedule = await postJson(page, baseURL, "/api/v1/schedules", {
    name,
    cron: "0 2 * * *",
    timezone: "Asia/Tokyo",
    enabled: false,
    target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"], params: { limit: 2 } },
  });
  await postJson(page, baseURL, `/api/v1/schedules/${schedule.id}/run`, {});
  await page.goto(`/schedules/${schedule.id}`);
  const inHistory = (await page.getByTestId("firing-time").first().textContent())!.trim();
  expect(inHistory).toMatch(/ (JST|GMT\+9)$/);
  await page.goto("/schedules");
  await expect(page.locator(`[data-testid="schedule-row"][data-schedule-id="${schedule.id}"]`).getByTestId("last-firing-time")).toHaveText(inHistory);
});
