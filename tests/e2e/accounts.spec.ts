import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE, signIn, signOut, uniqueEmail } from "./helpers";

test("sign in, sign out, and a wrong password gets the generic message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Invalid email or password");

  // An unknown account gets exactly the same answer.
  await page.getByLabel("Email").fill("nobody@example.org");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Invalid email or password");

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await signOut(page);
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login/);
});

/** Adds an account through Settings → Users, as an admin does; returns its row. */
async function addUser(page: Page, user: { name: string; email: string; password: string; role: "viewer" | "member" | "admin" }) {
  await page.goto("/settings/users");
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Initial password").fill(user.password);
  await page.getByLabel("Role", { exact: true }).selectOption(user.role);
  await page.getByRole("button", { name: "Add user" }).click();
  const row = page.getByTestId(`user-row-${user.email}`);
  await expect(row).toContainText(user.role);
  return row;
}

test.describe("as admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("a viewer cannot reach admin pages", async ({ page, browser }) => {
    const email = uniqueEmail("viewer");
    await addUser(page, { name: "Vic Viewer", email, password: "viewer-password-1", role: "viewer" });

    const viewer = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const viewerPage = await viewer.newPage();
    await signIn(viewerPage, email, "viewer-password-1");
    await viewerPage.goto("/settings/profile");
    await expect(viewerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    await viewerPage.goto("/settings/users");
    await expect(viewerPage.getByRole("heading", { name: "Administrators only" })).toBeVisible();
    await expect(viewerPage.getByText(email)).toHaveCount(0);
    await viewerPage.goto("/settings/audit");
    await expect(viewerPage.getByRole("heading", { name: "Administrators only" })).toBeVisible();
    await viewer.close();

    // The admin sees the viewer's sign-in and creation in the audit log.
    await page.goto(`/settings/audit?action=user.`);
    await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();
  });

  test("a user disabled while a page is open is disconnected from live updates and sent to sign in", async ({ page, browser }) => {
    const email = uniqueEmail("leaver");
    const row = await addUser(page, { name: "Lee Leaver", email, password: "leaver-password-1", role: "member" });

    const leaver = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const leaverPage = await leaver.newPage();
    await signIn(leaverPage, email, "leaver-password-1");
    await leaverPage.goto("/runs?status=queued");
    await expect(leaverPage.getByTestId("connection-state")).toHaveAttribute("data-state", "live");

    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();
    // No navigation by the user: the live connection ends and takes the page to sign-in, which brings them back here.
    await expect(leaverPage).toHaveURL(/\/login\?callbackUrl=%2Fruns%3Fstatus%3Dqueued$/);
    await leaver.close();
  });

  test("Settings → System shows the worker up and the lmms-eval in use, like /api/health", async ({ page }) => {
    await page.goto("/settings/system");
    const health = (await (await page.request.get("/api/health")).json()) as { worker: string; lmmsEval: { found: boolean; version: string } };
    expect(health).toMatchObject({ worker: "up", lmmsEval: { found: true } });
    await expect(page.getByRole("heading", { name: "System" })).toBeVisible();
    await expect(page.getByText("found", { exact: true })).toBeVisible();
    await expect(page.getByText(health.lmmsEval.version, { exact: true })).toBeVisible();
    await expect(page.getByTestId("lmms-eval-command")).toHaveText("python3 -m lmms_eval");
    await expect(page.getByText("up", { exact: true })).toBeVisible();
  });

  test("API token: create → REST call with it → revoke → 401", async ({ page, playwright }) => {
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill("e2e-token");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^lmd_/);

    // A cookie-less client, as a script or CI job would be.
    const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/settings.*/, ""), storageState: { cookies: [], origins: [] } });
    const me = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: ADMIN.email, name: ADMIN.name, role: "admin" });
    expect((await api.get("/api/v1/me", { headers: { Authorization: "Bearer lmd_not-a-real-token" } })).status()).toBe(401);
    expect((await api.get("/api/v1/me")).status()).toBe(401);

    await page.reload();
    const row = page.getByTestId("token-row-e2e-token");
    await expect(row).toContainText("active");
    await row.getByRole("button", { name: "Revoke e2e-token" }).click();
    await page.getByRole("dialog", { name: "Revoke the token “e2e-token”?" }).getByRole("button", { name: "Revoke token" }).click();
    await expect(row).toContainText("revoked");

    const after = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "unauthorized" } });
    await api.dispose();
  });

  test("header menus close on Escape and on a click outside", async ({ page }) => {
    await page.goto("/runs");
    await page.getByRole("button", { name: /admin/ }).click();
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toHaveCount(0);
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
    await page.mouse.click(5, 500);
    await expect(page.getByRole("dialog", { name: "Notifications" })).toHaveCount(0);
  });

  test("theme switch is remembered per user", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /admin/ }).click();
    await page.getByRole("radio", { name: "Dark" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    // The menu marks the theme the server confirmed it saved.
    await expect(page.getByRole("radiogroup", { name: "Theme" })).toHaveAttribute("data-saved", "dark");
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("button", { name: /admin/ }).click();
    await page.getByRole("radio", { name: "Light" }).click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
  });
});
