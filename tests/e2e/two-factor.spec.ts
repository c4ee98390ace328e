import { expect, test, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { ADMIN_STATE, signIn, signOut, uniqueEmail } from "./helpers";

const PASSWORD = "two-factor-e2e-password";

/** The code an authenticator app would show `offsetSeconds` from now (the next period's is accepted too). */
const codeFor = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

async function addUser(admin: Page, role: "member" | "admin"): Promise<string> {
  const email = uniqueEmail(`tfa-${role}`);
  await admin.goto("/settings/users");
  await admin.getByLabel("Name", { exact: true }).fill(`Two Factor ${role}`);
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByLabel("Initial password").fill(PASSWORD);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByTestId(`user-row-${email}`)).toBeVisible();
  return email;
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** Scans nothing: reads the secret printed beside the QR code, confirms with a computed code, returns both and the recovery codes. */
async function enrol(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel("Code from the app").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByTestId("recovery-codes");
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  return { secret, recoveryCodes };
}

async function passwordStep(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
}

test.describe("two-factor authentication", () => {
  test.use({ storageState: ADMIN_STATE });

  test("enrol with the QR code's secret, sign out, sign in with a code, then with a recovery code (once)", async ({ page: admin, browser }) => {
    const email = await addUser(admin, "member");
    const page = await freshPage(browser);
    await signIn(page, email, PASSWORD);
    await page.goto("/settings/profile");
    const { secret, recoveryCodes } = await enrol(page);
    await page.getByRole("button", { name: "Done, I saved them" }).click();
    await expect(page.getByText("10 recovery codes left")).toBeVisible();
    await signOut(page);

    // Password first, then the code: the session exists only after both. The code used to enrol is spent, so the app's
    // next code is the one typed (as it would be half a minute later).
    await passwordStep(page, email);
    await page.goto("/settings/profile");
    await expect(page).toHaveURL(/\/login/);
    await passwordStep(page, email);
    await page.getByLabel("Authentication code").fill("123456");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("That code is not right");
    await page.getByLabel("Authentication code").fill(await codeFor(secret, 30));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await expect(page.getByRole("button", { name: /member/ })).toBeVisible();
    await signOut(page);

    await passwordStep(page, email);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto("/settings/profile");
    await expect(page.getByText("9 recovery codes left")).toBeVisible();
    await signOut(page);

    // A recovery code works once.
    await passwordStep(page, email);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("already used");

    // The admin sees it on and can reset it; the audit log has the enrolment.
    await admin.goto("/settings/users");
    await expect(admin.getByTestId(`user-row-${email}`)).toContainText("2FA");
    await admin.getByRole("button", { name: `Reset two-factor of ${email}` }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Reset 2FA" }).click();
    await expect(admin.getByText("Two-factor authentication removed")).toBeVisible();
    await expect(admin.getByTestId(`user-row-${email}`)).not.toContainText("2FA");
    await page.context().close();
  });

  test("a policy requiring it for admins sends an admin without it to the set-up page, and nowhere else, until it is on", async ({ page: admin, browser }) => {
    // A second admin with two-factor sets the policy, so the shared admin of the other tests is never held.
    const securityAdminEmail = await addUser(admin, "admin");
    const securityAdmin = await freshPage(browser);
    await signIn(securityAdmin, securityAdminEmail, PASSWORD);
    await securityAdmin.goto("/settings/profile");
    await enrol(securityAdmin);
    const newAdminEmail = await addUser(admin, "admin");

    await securityAdmin.goto("/settings/security");
    await securityAdmin.getByLabel("Required for").selectOption("admins");
    await securityAdmin.getByRole("button", { name: "Save policy" }).click();
    await expect(securityAdmin.getByText("Saved. The policy applies from the next request.")).toBeVisible();
    try {
      const page = await freshPage(browser);
      await signIn(page, newAdminEmail, PASSWORD);
      await expect(page).toHaveURL(/\/two-factor$/);
      await expect(page.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();
      // Nothing else opens: pages lead back here, the API refuses.
      await page.goto("/runs");
      await expect(page).toHaveURL(/\/two-factor$/);
      const api = await page.request.get("/api/v1/me");
      expect(api.status()).toBe(403);
      expect(await api.text()).toContain("two-factor authentication");

      await enrol(page);
      await page.getByRole("button", { name: "Continue to the dashboard" }).click();
      await expect(page).not.toHaveURL(/two-factor/);
      await page.goto("/runs");
      await expect(page).toHaveURL(/\/runs$/);
      expect((await page.request.get("/api/v1/me")).status()).toBe(200);
      await page.context().close();
    } finally {
      await securityAdmin.goto("/settings/security");
      await securityAdmin.getByLabel("Required for").selectOption("off");
      await securityAdmin.getByRole("button", { name: "Save policy" }).click();
      await expect(securityAdmin.getByText("Saved. The policy applies from the next request.")).toBeVisible();
      await securityAdmin.context().close();
    }
  });
});

test.describe("API tokens with scopes", () => {
  test.use({ storageState: ADMIN_STATE });

  test("a read-only token made in the UI reads and is refused a write, naming the scope", async ({ page }) => {
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill("e2e read only");
    await page.getByRole("checkbox", { name: /write/ }).uncheck();
    await page.getByLabel("Expires").selectOption("7");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    const row = page.getByTestId("token-row-e2e read only");
    await expect(row).toContainText("read");
    await expect(row).not.toContainText("write");
    await expect(row).toContainText("never");

    const headers = { authorization: `Bearer ${token}` };
    expect((await page.request.get("/api/v1/me", { headers })).status()).toBe(200);
    const write = await page.request.post("/api/v1/tokens", { headers, data: { name: "sneaky" } });
    expect(write.status()).toBe(403);
    expect(await write.text()).toContain('lacks the \\"write\\" scope');
    await page.reload();
    await expect(page.getByTestId("token-row-e2e read only")).toContainText(/from (127\.0\.0\.1|::1)/);
  });
});
