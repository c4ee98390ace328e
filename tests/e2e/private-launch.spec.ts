import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN_STATE, addMembers, launchRun, signIn } from "./helpers";

/**
 * A run launched private from the form (issue 24, item 12): shared with the people picked on the form, and never
 * shown — not even for a moment — to anyone else in the team.
 */

const PASSWORD = "private-launch-password-1";
type Person = { name: string; handle: string; email: string };
const stamp = Date.now().toString(36);
const max: Person = { name: "Max Mohr", handle: `max${stamp}`, email: `max${stamp}@example.org` };
const pia: Person = { name: "Pia Park", handle: `pia${stamp}`, email: `pia${stamp}@example.org` };
const quinn: Person = { name: "Quinn Qi", handle: `quinn${stamp}`, email: `quinn${stamp}@example.org` };
const contexts: BrowserContext[] = [];

async function as(browser: Browser, person: Person): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, person.email, PASSWORD);
  return page;
}

test.beforeAll(async ({ browser }) => {
  await addMembers(browser, [max, pia, quinn], PASSWORD);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
});

test("a run launched private from the form is shared with the people picked, and never reaches anyone else", async ({ browser, baseURL }) => {
  const m = await as(browser, max);
  const q = await as(browser, quinn);
  // Quinn watches the team's run list while Max launches.
  await q.goto("/runs");
  await expect(q.getByTestId("connection-state").first()).toHaveAttribute("data-state", "live");

  await m.goto("/runs/new");
  await m.getByLabel("Backend").fill("standin");
  await m.getByLabel("Search tasks").fill("mme");
  await m.getByRole("list", { name: "Task catalogue" }).getByRole("checkbox", { name: "mme", exact: true }).check();
  await m.getByLabel("Limit").fill("2");
  await expect(m.getByTestId("launch-visibility")).toHaveText("the team");
  const sharing = m.getByRole("region", { name: "Sharing" });
  await sharing.getByLabel(/Private/).check();
  await sharing.getByLabel("Add a person").fill(pia.handle.slice(0, -1));
  await sharing.getByRole("button", { name: `${pia.name} @${pia.handle}` }).click();
  await sharing.getByLabel(`Permission for ${pia.name}`).selectOption("comment");
  await expect(m.getByTestId("launch-visibility")).toHaveText("you, admins and 1 person");
  await m.getByRole("button", { name: "Run", exact: true }).click();
  await expect(m).toHaveURL(/\/runs\/\d+$/);
  const runId = Number(new URL(m.url()).pathname.split("/").pop());
  await expect(m.getByTestId("private-badge")).toBeVisible();

  const sharingNow = await (await m.request.get(`/api/v1/runs/${runId}/sharing`)).json();
  expect(sharingNow).toMatchObject({ visibility: "private", members: [{ name: pia.name, permission: "comment" }] });
  const p = await as(browser, pia);
  expect((await p.request.get(`/api/v1/runs/${runId}`)).status()).toBe(200);
  expect((await q.request.get(`/api/v1/runs/${runId}`)).status()).toBe(404);

  // A team run queued after it reaches Quinn's list live; the private one, queued first, never did.
  const teamRun = await launchRun(m, baseURL, { model: "standin", tasks: ["mme"], limit: 2 });
  await expect(q.getByTestId(`run-row-${teamRun}`)).toBeVisible();
  await expect(q.getByTestId(`run-row-${runId}`)).toHaveCount(0);
});

test("a version registered from a private run: others see no trace of the run and must launch it with their own key", async ({ browser, baseURL }) => {
  const m = await as(browser, max);
  const q = await as(browser, quinn);
  const runId = await launchRun(m, baseURL, { model: "standin", modelArgs: "pretrained=org/tiny,api_key=sk-max-private-key", tasks: ["mme"], limit: 2, visibility: "private" });
  const registered = await m.request.post(`/api/v1/runs/${runId}/version`, { headers: { origin: baseURL ?? "" }, data: { modelName: `max-model-${stamp}`, label: "v1" } });
  expect(registered.status(), await registered.text()).toBe(201);
  const { model, version } = (await registered.json()) as { model: { id: number }; version: { id: number } };

  await m.goto(`/models/${model.id}`);
  await expect(m.getByTestId("version-row-v1")).toContainText(`Registered from run #${runId}`);
  await q.goto(`/models/${model.id}`);
  const row = q.getByTestId("version-row-v1");
  await expect(row).toContainText("api_key=***");
  await expect(row).not.toContainText("Registered from");
  await expect(row.getByRole("cell").nth(5)).toHaveText("0");

  await q.goto(`/runs/new?version=${version.id}`);
  await expect(q.getByTestId("version-secrets-notice")).toBeVisible();
  expect(await q.content()).not.toContain("sk-max-private-key");
  await q.getByLabel("Search tasks").fill("mme");
  await q.getByRole("list", { name: "Task catalogue" }).getByRole("checkbox", { name: "mme", exact: true }).check();
  await q.getByRole("button", { name: "Run", exact: true }).click();
  await expect(q.locator("#modelArgs-error")).toContainText("enter your own api_key");
  await q.getByLabel("Model args value of api_key", { exact: true }).fill("sk-quinn-own-key");
  await q.getByRole("button", { name: "Run", exact: true }).click();
  await expect(q).toHaveURL(/\/runs\/\d+$/);
  const launched = await (await q.request.get(`/api/v1/runs/${new URL(q.url()).pathname.split("/").pop()}`)).json();
  expect(launched).toMatchObject({ modelVersionId: version.id, modelArgs: "pretrained=org/tiny,api_key=***", versionOverrides: null });
});
