import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./helpers";

/**
 * The shared UI kit where it matters most: a secret shown once (the API token) must reach the clipboard on a plain-http
 * LAN install, where browsers hide the Clipboard API; and the confirmation dialogs that replaced `confirm()` are
 * labelled, keep focus inside and close on Escape without acting.
 */

test.use({ storageState: ADMIN_STATE });

type Probe = { copied?: string };

/**
 * Makes the page look like http://<lab-host>: not a secure context, so no `navigator.clipboard`. What the page copies
 * is recorded from the `copy` event (the legacy path's only trace); the real clipboard stays reachable for the test.
 */
async function behaveLikePlainHttp(page: Page, { refuseCopy = false } = {}): Promise<void> {
  await page.addInitScript((refuse) => {
    const real = navigator.clipboard;
    (window as unknown as { __realClipboard: Clipboard }).__realClipboard = real;
    Object.defineProperty(window, "isSecureContext", { get: () => false });
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
    const probe: Probe = {};
    (window as unknown as { __probe: Probe }).__probe = probe;
    document.addEventListener(
      "copy",
      (event) => {
        const target = event.target;
        probe.copied = target instanceof HTMLTextAreaElement ? target.value.slice(target.selectionStart, target.selectionEnd) : String(document.getSelection());
      },
      true,
    );
    if (refuse) document.execCommand = () => false;
  }, refuseCopy);
}

async function createToken(page: Page, name: string): Promise<string> {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^lmd_/);
  return token;
}

test("the new API token is copied on a plain-http origin (no Clipboard API)", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await behaveLikePlainHttp(page);
  const token = await createToken(page, `plain-http-${Date.now()}`);
  expect(await page.evaluate(() => navigator.clipboard === undefined && !window.isSecureContext)).toBe(true);

  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe.copied)).toBe(token);
  // And it really is on the clipboard.
  expect(await page.evaluate(() => (window as unknown as { __realClipboard: Clipboard }).__realClipboard.readText())).toBe(token);
});

test("when the browser refuses to copy, the token is selected and the user is told to press Ctrl+C", async ({ page }) => {
  await behaveLikePlainHttp(page, { refuseCopy: true });
  const token = await createToken(page, `refused-${Date.now()}`);
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByText("The browser blocked copying: the text is selected, press Ctrl+C.")).toBeVisible();
  expect(await page.evaluate(() => String(document.getSelection()).trim())).toBe(token);
});

test("a confirmation dialog is labelled, traps focus, closes on Escape without acting, and acts on confirm", async ({ page }) => {
  const name = `dialog-${Date.now()}`;
  await createToken(page, name);
  await page.reload();
  const row = page.getByTestId(`token-row-${name}`);
  await expect(row).toContainText("active");

  const trigger = row.getByRole("button", { name: `Revoke ${name}` });
  await trigger.click();
  const dialog = page.getByRole("dialog", { name: `Revoke the token “${name}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Anything using it will stop working.");
  // Focus starts on the safe choice and Tab cycles inside the dialog.
  await expect(dialog.getByRole("button", { name: "Keep it" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Revoke token" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Revoke token" })).toBeFocused();

  // Escape closes it, nothing happens, and focus goes back to the button that opened it.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  await page.reload();
  await expect(row).toContainText("active");

  await trigger.click();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("revoked");
});
