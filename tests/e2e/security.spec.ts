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

test.describe("security headers", () => {
  test.use({ storageState: ADMIN_STATE });

  test("pages and API routes carry them, and the app works under the Content-Security-Policy", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) violations.push(message.text());
    });

    const response = await page.goto("/runs");
    const pageHeaders = response!.headers();
    const policy = pageHeaders["content-security-policy"];
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("img-src 'self' data: blob:");
    expect(pageHeaders).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
    // A fresh nonce per response.
    const again = (await page.request.get("/runs")).headers()["content-security-policy"];
    expect(again).not.toBe(policy);

    for (const api of ["/api/health", "/api/v1/runs", "/api/v1/openapi.json"]) {
      const headers = (await page.request.get(api)).headers();
      expect(headers["content-security-policy"], api).toContain("default-src 'none'");
      expect(headers, api).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
    }
    // A signed-in API answer is kept out of shared caches and sent as is (no gzip on the web process's thread).
    const signedIn = (await page.request.get("/api/v1/runs", { headers: { "accept-encoding": "gzip" } })).headers();
    expect(signedIn["cache-control"]).toBe("private, no-store, no-transform");
    expect(signedIn["content-encoding"]).toBeUndefined();

    // The pages still work: the nonce'd theme script ran, charts and live updates (socket.io) are allowed.
    for (const path of ["/", "/runs/new", "/compare", "/models", "/schedules", "/settings/profile"]) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
    }
    expect(await page.evaluate(() => typeof (window as unknown as { __applyTheme?: unknown }).__applyTheme)).toBe("function");
    expect(violations).toEqual([]);

    // Markup that got in somehow cannot run script: the inline handler is blocked by the policy.
    const blocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective), { once: true });
          const holder = document.createElement("div");
          holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__pwned = 1">';
          document.body.append(holder);
        }),
    );
    expect(blocked).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
