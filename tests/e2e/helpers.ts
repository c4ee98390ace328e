import { expect, type Browser, type Page } from "@playwright/test";

export const ADMIN = { name: "Ada Admin", email: "admin@example.org", password: "correct-horse-battery" };
export const ADMIN_STATE = "test-results/e2e-admin.json";

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /member|admin|viewer/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** An administrator adds these people as members from Settings → Users, all with the same initial password. */
export async function addMembers(browser: Browser, people: ReadonlyArray<{ name: string; email: string }>, password: string): Promise<void> {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  const page = await context.newPage();
  await page.goto("/settings/users");
  for (const person of people) {
    await page.getByLabel("Name", { exact: true }).fill(person.name);
    await page.getByLabel("Email", { exact: true }).fill(person.email);
    await page.getByLabel("Initial password").fill(password);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId(`user-row-${person.email}`)).toBeVisible();
  }
  await context.close();
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** Launches a run through the REST API as the signed-in user (as a script would) and returns its id. */
export async function launchRun(page: Page, baseURL: string | undefined, body: Record<string, unknown>): Promise<number> {
  // Cookie-authenticated writes must carry an Origin of our own host (CSRF check in lib/api/handler.ts).
  const res = await page.request.post("/api/v1/runs", { data: body, headers: { origin: baseURL ?? "" } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

/**
 * Routes a page's socket.io traffic (both transports) through Playwright so a test can cut the link and bring it back,
 * as a network drop would. Call before the page opens its socket (before `goto`).
 */
export async function controllableSocket(page: Page): Promise<{ cut: () => Promise<void>; restore: () => void }> {
  let down = false;
  const links: Array<() => Promise<void>> = [];
  await page.route(/\/socket\.io\//, (route) => (down ? route.abort() : route.continue()));
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    const server = ws.connectToServer();
    links.push(async () => (await ws.close(), await server.close()));
  });
  return {
    cut: async () => {
      down = true;
      for (const close of links.splice(0)) await close();
    },
    restore: () => {
      down = false;
    },
  };
}

/** POSTs JSON to the API as the signed-in user and returns the 201 body (the Origin header passes the CSRF check). */
export async function postJson<T = { id: number }>(page: Page, baseURL: string | undefined, url: string, data: unknown): Promise<T> {
  const res = await page.request.post(url, { data, headers: { origin: baseURL ?? "" } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as T;
}

/** Waits until a run has succeeded (the stand-in needs a few seconds; a loaded machine more). */
export async function waitForSuccess(page: Page, id: number): Promise<void> {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/runs/${id}`)).json()) as { status: string }).status, { timeout: 90_000, message: `run #${id} should succeed` })
    .toBe("succeeded");
}
