import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, launchRun } from "./helpers";

/**
 * "Is B better than A, where, and can we trust it?" end to end: two runs on the stand-in lmms-eval (tests/fixtures/
 * standin), launched through the REST API like a script would, then the board, a pinned baseline, the run comparison
 * with its named tests, and the per-sample diff. On ai2d with 12 docs the stand-in chat model is right unless
 * doc_id % 3 == 0 and `dummy` always answers "A" (targets cycle A–D), so exactly doc 0 is fixed and 6 docs are broken.
 */

test.use({ storageState: ADMIN_STATE });

async function waitForSuccess(page: Page, id: number): Promise<void> {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/runs/${id}`)).json()) as { status: string }).status, { timeout: 90_000, message: `run #${id} should succeed` })
    .toBe("succeeded");
}

test("board → baseline → run comparison with named tests → fixed/broken samples", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const chat = await launchRun(page, baseURL, { model: "standin", modelArgs: "pretrained=org/a", tasks: ["mme", "ai2d"], limit: 12 });
  const dummy = await launchRun(page, baseURL, { model: "dummy", modelArgs: "response=A", tasks: ["mme", "ai2d"], limit: 12 });
  await waitForSuccess(page, chat);
  await waitForSuccess(page, dummy);

  // The board is the home page once results exist, with one row per model.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Board" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/compare$/);
  const chatRow = page.getByTestId("board-row").filter({ hasText: "standin org/a" });
  const dummyRow = page.getByTestId("board-row").filter({ hasText: "dummy" });
  await expect(chatRow).toHaveCount(1);
  await expect(dummyRow).toHaveCount(1);
  await expect(page.getByRole("columnheader", { name: /ai2d/ })).toBeVisible();

  // Pin a baseline: the other row now shows its difference; the pinned row is marked.
  await page.getByRole("link", { name: "Pin standin org/a as baseline" }).click();
  await expect(page).toHaveURL(/baseline=/);
  await expect(chatRow).toHaveAttribute("data-baseline", "true");
  await expect(dummyRow.getByTestId("board-delta").first()).toBeVisible();
  await expect(page.getByText(/Differences vs the baseline: Unpaired z-test/)).toBeVisible();

  // Sorting is a header link (keyboard accessible) and lands in the URL.
  const ai2dHeader = page.getByRole("link", { name: /^Sort by ai2d/ });
  await ai2dHeader.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=ai2d/);
  await expect(page.getByRole("columnheader", { name: /ai2d/ })).toHaveAttribute("aria-sort", "descending");

  // Select both rows and compare their runs: the baseline's run is the reference.
  await page.getByRole("checkbox", { name: "Select standin org/a" }).check();
  await page.getByRole("checkbox", { name: /^Select dummy/ }).check();
  await page.getByTestId("compare-selected").click();
  await expect(page).toHaveURL(new RegExp(`/compare/runs\\?runs=(${chat},${dummy}|${dummy},${chat})&reference=${chat}`));

  // Every p-value comes with its test's name and n: paired McNemar on the 12 shared ai2d samples.
  const ai2d = page.getByTestId("comparison-row").filter({ hasText: "ai2d" });
  const testCell = ai2d.getByTestId("comparison-test");
  await expect(testCell).toContainText("McNemar exact");
  await expect(testCell).toContainText("12 shared samples, n = 7 discordant");
  await expect(testCell).toContainText(/p = 0\.1\d · Holm/);
  await expect(page.getByText(`Against the reference #${chat} standin · org/a`)).toBeVisible();
  await expect(page.getByTestId("comparison-summary")).toContainText(`#${dummy} dummy · response=A`);

  // The per-sample diff of ai2d: 1 fixed, 6 broken.
  await ai2d.getByRole("link", { name: /Sample diff of ai2d/ }).click();
  await expect(page).toHaveURL(new RegExp(`/compare/samples\\?base=${chat}&other=${dummy}&task=ai2d`));
  await expect(page.getByTestId("bucket-fixed")).toContainText("1");
  await expect(page.getByTestId("bucket-broken")).toContainText("6");

  await page.getByTestId("bucket-fixed").click();
  await expect(page).toHaveURL(/bucket=fixed/);
  await expect(page.getByTestId("sample-diff-row")).toHaveCount(1);

  await page.getByTestId("bucket-broken").click();
  await expect(page).toHaveURL(/bucket=broken/);
  await expect(page.getByTestId("sample-diff-row")).toHaveCount(6);

  // Open a sample: target and both responses side by side, the changed answer highlighted.
  await page.getByRole("button", { name: "Open sample 1", exact: true }).click();
  const drawer = page.getByTestId("sample-drawer");
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId("sample-target")).toHaveText("B");
  await expect(drawer.getByTestId("sample-base-response").locator("del")).toHaveText("B");
  await expect(drawer.getByTestId("sample-other-response").locator("ins")).toHaveText("A");
  await expect(page).toHaveURL(/doc=1/);
  await page.keyboard.press("ArrowRight");
  await expect(drawer.getByRole("heading", { name: "doc 2", exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);

  // A chosen run's scores: `?runs=` alone shows exactly those runs, one row each, and says what became of the rest.
  await page.goto(`/compare?runs=${dummy},999999`);
  const whichRun = page.getByRole("group", { name: "Which run" });
  await expect(whichRun.getByRole("link", { name: "Chosen runs" })).toHaveAttribute("aria-current", "true");
  await expect(dummyRow).toHaveCount(1);
  await expect(chatRow).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /^Run for dummy/ })).toHaveValue(String(dummy));
  await expect(page.getByTestId("chosen-run-issue")).toHaveText(/Run #999999 is not shown: not found, or without results\./);
  // Back to the latest runs: the chosen runs leave the URL and every row is back.
  await whichRun.getByRole("link", { name: "Latest" }).click();
  await expect(page).toHaveURL(/\/compare$/);
  await expect(chatRow).toHaveCount(1);
});
