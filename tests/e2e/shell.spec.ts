import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

/**
 * The app's frame on a phone (390 px, an iPhone's CSS width): no page is wider than the screen, and everything the
 * top bar offers on a desktop — every section, Settings, the notification bell, the user menu — can be reached.
 */

test.use({ storageState: ADMIN_STATE });

const PHONE = { width: 390, height: 844 };
const PAGES = ["/runs", "/runs/new", "/runs/import", "/models", "/compare", "/compare/runs", "/compare/samples", "/compare/benchmarks", "/schedules", "/schedules/new", "/notifications", "/settings/profile", "/settings/tokens", "/settings/users", "/settings/audit", "/settings/system"];

async function documentWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

/** The element's box lies inside the viewport (nothing to scroll sideways to). */
async function expectOnScreen(page: Page, locator: ReturnType<Page["locator"]>): Promise<void> {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width + 0.5);
}

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });

  test("no page is wider than the screen", async ({ page }) => {
    // The pages of whatever runs and models the suite made before (none when this file runs alone).
    const runs = ((await (await page.request.get("/api/v1/runs?limit=1&status=succeeded")).json()) as { items: Array<{ id: number }> }).items;
    const models = ((await (await page.request.get("/api/v1/models")).json()) as { items?: Array<{ id: number; runCount: number }> }).items ?? [];
    // The model with the most runs has the fullest page: history chart, best versions, latest scores.
    const fullest = [...models].sort((a, b) => b.runCount - a.runCount).slice(0, 1);
    const dataPages = [...runs.flatMap((r) => [`/runs/${r.id}`, `/runs/${r.id}/samples`]), ...fullest.map((m) => `/models/${m.id}`)];
    const tooWide: string[] = [];
    for (const path of [...PAGES, ...dataPages]) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      const width = await documentWidth(page);
      if (width > PHONE.width) tooWide.push(`${path} (${width} px)`);
    }
    expect(tooWide).toEqual([]);
  });

  test("the top bar fits, and a menu button reaches every section", async ({ page }) => {
    await page.goto("/runs");
    const header = page.locator("header").first();
    await expectOnScreen(page, header.getByRole("button", { name: "Open menu" }));
    await expectOnScreen(page, page.getByTestId("notification-bell").getByRole("button").first());
    await expectOnScreen(page, header.getByRole("button", { name: /admin/ }));

    // The menu lists every section; Settings is one tap away.
    await page.getByRole("button", { name: "Open menu" }).click();
    const menu = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Runs", "Models", "Compare", "Schedules", "Settings"]) await expectOnScreen(page, menu.getByRole("link", { name }));
    await expect(menu.getByRole("link", { name: "Runs" })).toHaveAttribute("aria-current", "page");
    await menu.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings/);
    await expect(page.getByRole("button", { name: "Open menu" })).toHaveAttribute("aria-expanded", "false");

    // Escape closes it.
    await page.getByRole("button", { name: "Open menu" }).click();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

    // The bell's panel and the user menu open inside the screen.
    await page.getByTestId("notification-bell").getByRole("button").first().click();
    await expectOnScreen(page, page.getByRole("dialog", { name: "Notifications" }));
    await page.keyboard.press("Escape");
    await header.getByRole("button", { name: /admin/ }).click();
    await expectOnScreen(page, page.getByRole("menuitem", { name: "Settings" }));
    await expectOnScreen(page, page.getByRole("menuitem", { name: "Sign out" }));
    expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

test("a theme that cannot be saved says so instead of failing silently", async ({ page, context }) => {
  await page.goto("/runs");
  await page.getByRole("button", { name: /admin/ }).click();
  // The session ends (signed out elsewhere, cookie expired) while the page stays open.
  await context.clearCookies();
  await page.getByRole("radio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.getByRole("alert").filter({ hasText: "Not saved: Your session has ended. Sign in again." })).toBeVisible();
});
