import { expect, test } from "@playwright/test";
import { ADMIN_STATE, addMembers, launchRun, signIn, waitForSuccess } from "./helpers";

/**
 * Searches are limited per user wherever they come from (issue 24, item 6): the samples page runs its search on the
 * web process like the REST route does, so reloading it in a loop is refused the same way — and only for that user.
 */

const PASSWORD = "rate-limit-password-1";
const stamp = Date.now().toString(36);
const searcher = { name: "Sam Searcher", email: `sam${stamp}@example.org` };

test("reloading a samples search in a loop is refused with when to retry; other users still search", async ({ browser, baseURL }) => {
  await addMembers(browser, [searcher], PASSWORD);
  const admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
  const runId = await launchRun(admin, baseURL, { model: "standin", modelArgs: "", tasks: ["mme"], limit: 8 });
  await waitForSuccess(admin, runId);

  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, searcher.email, PASSWORD);
  const refusal = page.getByText(/Too many searches in a short time/);
  let loads = 0;
  // The burst refills at a few searches a second: a reload loop outruns it within a few dozen loads.
  while (loads < 80 && !(await refusal.isVisible())) {
    await page.goto(`/runs/${runId}/samples?task=mme&q=the`);
    loads += 1;
  }
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText(/Try again in \d+ s/);

  // Another user's searches are their own.
  await admin.goto(`/runs/${runId}/samples?task=mme&q=the`);
  await expect(admin.getByTestId("samples-list")).toBeVisible();
  await expect(admin.getByText(/Too many searches/)).toHaveCount(0);
});
