import { expect, test } from "@playwright/test";
import { ADMIN_STATE, addMembers, launchRun, signIn, waitForSuccess } from "./helpers";

/**
 * Searches are limited per user wherever they come from (issue 24, item 6): the samples page runs its search on the
 * web process like the REST route does, so reloading it in a loop is refused the same way — and only for that user.
 */

const PASSWORD = "rate-limit-password-1";
const stamp = Date.now().toString(36);
const searcher = { name: "Sam Searcher", email: `sam${stamp}@example.org` };

test("a burst of samples-page searches is refused with when to retry; other users still search", async ({ browser, baseURL }) => {
  await addMembers(browser, [searcher], PASSWORD);
  const admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
  const runId = await launchRun(admin, baseURL, { model: "standin", modelArgs: "", tasks: ["mme"], limit: 8 });
  await waitForSuccess(admin, runId);

  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, searcher.email, PASSWORD);
  const search = `/runs/${runId}/samples?task=mme&q=the`;
  // A burst, as a script or a stuck reload loop sends it: past the allowance the page answers with the refusal.
  const pages = await Promise.all(Array.from({ length: 16 }, () => page.request.get(search).then((r) => r.text())));
  const refused = pages.filter((html) => html.includes("Too many searches in a short time"));
  expect(refused.length).toBeGreaterThan(0);
  expect(refused[0]).toMatch(/Try again in \d+ s/);
  expect(pages.length - refused.length).toBeGreaterThanOrEqual(5);

  // Another user's searches are their own.
  await admin.goto(`/runs/${runId}/samples?task=mme&q=the`);
  await expect(admin.getByTestId("samples-list")).toBeVisible();
  await expect(admin.getByText(/Too many searches/)).toHaveCount(0);
});
