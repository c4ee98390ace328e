import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./helpers";

test("first start: every page leads to /setup, which creates the first admin once and signs them in", async ({ page, request, browser }) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);

  // Field-level validation, nothing created.
  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();

  // Created, and signed in at once: the dashboard, not a sign-in form asking for the password just chosen.
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await expect(page).not.toHaveURL(/\/(login|setup)/);
  await page.context().storageState({ path: ADMIN_STATE });

  // Closed forever now: a visitor without a session gets the sign-in page, where the new password works.
  const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const fresh = await visitor.newPage();
  await fresh.goto("/setup");
  await expect(fresh).toHaveURL(/\/login/);
  await fresh.getByLabel("Email").fill(ADMIN.email);
  await fresh.getByLabel("Password").fill(ADMIN.password);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.getByRole("heading", { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await visitor.close();

  const health = await (await request.get("/api/health")).json();
  expect(health).toMatchObject({ status: "ok", db: "ok" });
});
