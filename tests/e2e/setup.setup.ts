import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./helpers";

test("first start: every page leads to /setup, which creates the first admin once", async ({ page, request }) => {
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

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/login\?setup=done/);
  await expect(page.getByText("Administrator created")).toBeVisible();

  // Closed forever now.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });

  const health = await (await request.get("/api/health")).json();
  expect(health).toMatchObject({ status: "ok", db: "ok" });
});
