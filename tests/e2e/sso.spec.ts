import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE, signOut, uniqueEmail } from "./helpers";

/**
 * Single sign-on through the test OpenID Connect provider Playwright starts beside the dashboard (the `oidc-provider`
 * package, tests/fixtures/oidc-idp.mjs; the dashboard's OIDC_* point at it, playwright.config.ts). Its login page takes
 * any password; the login is the person's `sub` (its accounts: sso-alice, sso-bob, sso-unverified).
 */

const BUTTON = "Continue with Test IdP";

/** Signed in as `name` (the home page's heading depends on what else the suite made: the account menu does not). */
const accountMenu = (page: Page, name: string, role: string) => page.getByRole("button", { name: `${name}, ${role}: account menu` });

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** From the dashboard's login page through the provider's login and consent pages (the ones it shows). */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: BUTTON }).click();
  await expect(page.getByRole("heading", { name: "Sign-in" })).toBeVisible();
  await expect(page).toHaveURL(/\/interaction\//);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Authorize" })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the login page offers single sign-on; the provider's login and consent lead back signed in, to the same user the second time", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInAtProvider(page, "sso-alice");
  await expect(accountMenu(page, "Alice Sso", "viewer")).toBeVisible();
  await signOut(page);

  // The provider remembers the person and the consent: the button leads straight back, signed in.
  await page.getByRole("button", { name: BUTTON }).click();
  await expect(accountMenu(page, "Alice Sso", "viewer")).toBeVisible();

  const admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
  await admin.goto("/settings/users");
  await expect(admin.getByTestId("user-row-alice@sso.example.org")).toBeVisible();
  await expect(admin.getByText("Alice Sso")).toHaveCount(1);
  await admin.goto("/settings/audit?action=user.sign_in");
  await expect(admin.getByText("oidc").first()).toBeVisible();
});

test("an e-mail the provider has not verified is refused, back on the login page with the reason", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInAtProvider(page, "sso-unverified");
  await expect(page).toHaveURL(/\/login\?error=sso_email_unverified/);
  await expect(page.getByText("Your identity provider has not verified your e-mail address")).toBeVisible();
  await expect(page.getByRole("button", { name: BUTTON })).toBeVisible();
});

test("with password sign-in off only single sign-on is offered, and only the break-glass admin may use a password", async ({ browser, baseURL }) => {
  const admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
  const memberEmail = uniqueEmail("sso-policy");
  await admin.goto("/settings/users");
  await admin.getByLabel("Name", { exact: true }).fill("Policy Member");
  await admin.getByLabel("Email", { exact: true }).fill(memberEmail);
  await admin.getByLabel("Initial password").fill("policy-member-password");
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByTestId(`user-row-${memberEmail}`)).toBeVisible();

  await admin.goto("/settings/security");
  await admin.getByLabel("Allow signing in with a password").uncheck();
  await admin.getByLabel("Break-glass administrator").selectOption({ label: ADMIN.email });
  await admin.getByRole("button", { name: "Save policy" }).click();
  await expect(admin.getByText("Saved. The policy applies from the next request.")).toBeVisible();

  try {
    const page = await freshPage(browser);
    await page.goto("/login");
    await expect(page.getByRole("button", { name: BUTTON })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);

    await page.getByRole("link", { name: "Administrator sign-in with a password (break glass)" }).click();
    await page.getByLabel("Email").fill(memberEmail);
    await page.getByLabel("Password").fill("policy-member-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Password sign-in is turned off for this dashboard: sign in with single sign-on")).toBeVisible();

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(accountMenu(page, ADMIN.name, "admin")).toBeVisible();

    // Single sign-on is the way in such a policy leaves everyone else.
    const sso = await freshPage(browser);
    await signInAtProvider(sso, "sso-bob");
    await expect(accountMenu(sso, "Bob Sso", "viewer")).toBeVisible();
  } finally {
    const restored = await admin.request.put("/api/v1/security/policies", { headers: { origin: baseURL ?? "" }, data: { signIn: { password: true } } });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});
