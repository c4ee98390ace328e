import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./helpers";

/** Answers any request to the attacker's host (there is no network here) and records it. */
async function watchEvilHost(page: Page): Promise<string[]> {
  const visits: string[] = [];
  await page.context().route(/^https?:\/\/evil\.example\//, (route) => {
    visits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
  });
  return visits;
}

test.describe("open redirect after sign-in", () => {
  for (const callback of ["/%5Cevil.example/x", "/%09/evil.example/y", "/.//evil.example/z"]) {
    test(`signing in with callbackUrl=${callback} stays on the dashboard`, async ({ page, baseURL }) => {
      const visits = await watchEvilHost(page);
      await page.goto(`/login?callbackUrl=${callback}`);
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      // Signed in and sent home: the refused callback falls back to "/" on the dashboard's own origin.
      await expect(page).toHaveURL(new URL("/", baseURL).href);
      await expect(page.getByRole("button", { name: /admin/ })).toBeVisible();
      expect(visits).toEqual([]);
    });
  }

  test.describe("already signed in", () => {
    test.use({ storageState: ADMIN_STATE });

    test("the server redirect of /login keeps same-origin paths and refuses the others", async ({ page, baseURL }) => {
      const visits = await watchEvilHost(page);
      for (const callback of ["/%5Cevil.example/x", "/%09/evil.example/y", "//evil.example/w"]) {
        await page.goto(`/login?callbackUrl=${callback}`);
        await expect(page).toHaveURL(new URL("/", baseURL).href);
      }
      await page.goto(`/login?callbackUrl=${encodeURIComponent("/settings/profile?tab=1")}`);
      await expect(page).toHaveURL(/\/settings\/profile\?tab=1$/);
      expect(visits).toEqual([]);
    });
  });
});
