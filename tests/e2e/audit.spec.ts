import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE, uniqueEmail } from "./helpers";

test.describe("as admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("the audit log: a failed sign-in found by filters in the URL, read by keyboard, downloaded as CSV; retention", async ({ page, browser }) => {
    // Someone tries an account that does not exist, from a browser of their own.
    const intruder = uniqueEmail("intruder");
    const outsider = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const login = await outsider.newPage();
    await login.goto("/login");
    await login.getByLabel("Email").fill(intruder);
    await login.getByLabel("Password").fill("guess-password-1");
    await login.getByRole("button", { name: "Sign in" }).click();
    await expect(login.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Invalid email or password");
    await outsider.close();

    await page.goto("/settings/audit");
    await page.getByLabel("User", { exact: true }).fill(intruder);
    await page.getByLabel("Action", { exact: true }).fill("user.sign_in");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`user=${encodeURIComponent(intruder)}.*action=user.sign_in`));
    const rows = page.locator("[data-testid^=audit-row-]");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("user.sign_in_failed");
    await expect(rows.first()).toContainText("failed sign-in");

    // Keyboard: j brings the focus to the first entry, Enter opens its detail (the reason, never the password).
    await page.keyboard.press("j");
    await expect(rows.first()).toBeFocused();
    await page.keyboard.press("Enter");
    const detail = page.locator("[id^=audit-detail-]");
    await expect(detail).toContainText('"reason": "unknown_email"');
    await expect(detail).toContainText('"method": "password"');
    await expect(page.getByText("guess-password-1")).toHaveCount(0);

    // The download holds exactly what the filters match.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = fs.readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_id,actor,action,target_type,target_id,ip,detail,prev_hash,hash");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${intruder},user.sign_in_failed,`);
    expect(lines[1]).toContain("unknown_email");

    // Retention: validated, saved, and audited like the export was.
    const days = page.getByLabel("Keep entries for (days)");
    await days.fill("7");
    await page.getByRole("button", { name: "Save retention" }).click();
    await expect(page.getByText("Keep entries for at least 30 days")).toBeVisible();
    await days.fill("400");
    await page.getByRole("button", { name: "Save retention" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved: entries older than 400 days are removed once a day.");
    await page.goto("/settings/audit?action=audit.");
    await expect(rows.filter({ hasText: "audit.retention_update" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "audit.export" }).first()).toContainText("read");
    await expect(page.getByLabel("Keep entries for (days)")).toHaveValue("400");
  });
});
