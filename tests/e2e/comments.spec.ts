import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import { ADMIN_STATE, addMembers, controllableSocket, launchRun, signIn } from "./helpers";

/**
 * Discussions with several people signed in at once (one browser context each): comments, mentions and presence
 * arrive live; a private run disappears for everyone it is not shared with — list, page, API and socket room.
 */

const SLOW = { model: "standin", modelArgs: "pretrained=org/chatty,delay=1", tasks: ["mme", "ai2d"] };
const FAST = { model: "standin", modelArgs: "pretrained=org/talk,delay=0.02", tasks: ["mme"] };
const PASSWORD = "discussion-password-1";

type Person = { name: string; handle: string; email: string };
const stamp = Date.now().toString(36);
const ana: Person = { name: "Ana Alvarez", handle: `ana${stamp}`, email: `ana${stamp}@example.org` };
const bo: Person = { name: "Bo Berg", handle: `bo${stamp}`, email: `bo${stamp}@example.org` };
const cy: Person = { name: "Cy Chen", handle: `cy${stamp}`, email: `cy${stamp}@example.org` };

const contexts: BrowserContext[] = [];
const created: number[] = [];

async function as(browser: Browser, person: Person): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, person.email, PASSWORD);
  return page;
}

async function createRun(page: Page, baseURL: string | undefined, body: Record<string, unknown>): Promise<number> {
  const id = await launchRun(page, baseURL, body);
  created.push(id);
  return id;
}

async function comment(page: Page, text: string): Promise<void> {
  const discussion = page.getByTestId("discussion");
  const before = await discussion.getByTestId("comment-body").count();
  const box = discussion.getByRole("textbox", { name: "Comment" });
  await box.fill(text);
  await discussion.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(discussion.getByTestId("comment-body")).toHaveCount(before + 1);
  await expect(box).toHaveValue("");
}

test.beforeAll(async ({ browser }) => {
  await addMembers(browser, [ana, bo, cy], PASSWORD);
});

test.afterAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const api = await playwright.request.newContext({ baseURL, storageState: ADMIN_STATE });
  for (const id of created) await api.post(`/api/v1/runs/${id}/cancel`, { headers: { origin: baseURL ?? "" } });
  await api.dispose();
  for (const context of contexts) await context.close();
});

test("A comments on a running run; B sees it live with presence, is notified of a mention, replies; edits and deletions follow", async ({ browser, baseURL }) => {
  const a = await as(browser, ana);
  const b = await as(browser, bo);
  const runId = await createRun(a, baseURL, SLOW);
  await a.goto(`/runs/${runId}`);
  await b.goto(`/runs/${runId}`);
  await b.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // Presence, both ways, while the run is going.
  await expect(b.getByTestId("presence")).toContainText(`${ana.name} is here too`);
  await expect(a.getByTestId("presence")).toContainText(`${bo.name} is here too`);
  await expect(a.getByTestId("run-status").first()).toContainText(/running|queued/i);

  // A writes with @mention autocomplete: type the start of the handle, pick Bo from the list with Enter.
  const box = a.getByTestId("discussion").getByRole("textbox", { name: "Comment" });
  await box.click();
  await box.pressSequentially(`Why did **mme** drop? @${bo.handle.slice(0, -1)}`);
  await expect(a.getByRole("option", { name: `${bo.name} @${bo.handle}` })).toBeVisible();
  await box.press("Enter");
  await expect(box).toHaveValue(`Why did **mme** drop? @${bo.handle} `);
  await box.pressSequentially("can you re-run with the new prompt?");
  await box.press("Control+Enter");
  await expect(box).toHaveValue("");

  // B sees it without reloading: Markdown rendered, the mention highlighted.
  const seen = b.getByTestId("comment").filter({ hasText: "can you re-run" });
  await expect(seen).toBeVisible();
  await expect(seen.locator("strong")).toHaveText("mme");
  await expect(seen.locator(".mention")).toHaveText(`@${bo.handle}`);
  await expect(b.getByTestId("comment-count")).toHaveText("1");

  // B's bell: the mention, linking to the exact comment.
  await expect(b.getByTestId("notification-badge")).toHaveText("1");
  await b.getByRole("button", { name: /Notifications, 1 unread/ }).click();
  const link = b.getByRole("dialog", { name: "Notifications" }).getByRole("link", { name: `${ana.name} mentioned you` });
  await expect(link).toHaveAttribute("href", new RegExp(`/runs/${runId}#comment-\\d+$`));
  const commentId = (await seen.getAttribute("data-comment-id")) ?? "";
  await expect(link).toHaveAttribute("href", `/runs/${runId}#comment-${commentId}`);

  // B replies; A sees the reply nested live and gets a "replied" notification.
  await seen.getByRole("button", { name: "Reply" }).click();
  await b.getByRole("textbox", { name: "Reply" }).fill("On it — the prompt change is in v3.");
  await b.getByRole("button", { name: "Reply", exact: true }).last().click();
  await expect(a.locator(`#comment-${commentId} ul [data-testid="comment"]`)).toContainText("prompt change is in v3");
  await expect(a.getByTestId("notification-badge")).toHaveText("1");

  // A edits: B sees the new text marked edited. A deletes: B sees the placeholder (the reply keeps its thread).
  const mine = a.locator(`#comment-${commentId}`).first();
  await mine.getByRole("button", { name: "Edit" }).first().click();
  await a.getByRole("textbox", { name: "Edit comment" }).fill("Why did mme drop 4 points?");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(b.locator(`#comment-${commentId}`).getByTestId("comment-body").first()).toHaveText("Why did mme drop 4 points?");
  await expect(b.locator(`#comment-${commentId}`).getByTestId("comment-edited").first()).toBeVisible();
  await mine.getByRole("button", { name: "Delete" }).first().click();
  await a.getByRole("dialog", { name: "Delete your comment?" }).getByRole("button", { name: "Delete comment" }).click();
  await expect(b.locator(`#comment-${commentId}`).getByText("This comment was deleted.")).toBeVisible();
  await expect(b.getByTestId("comment-count")).toHaveText("1");

  // The activity timeline merges events and comments.
  await b.getByRole("tab", { name: "Activity" }).click();
  await expect(b.getByTestId("run-activity")).toContainText("queued the run");
  await expect(b.getByTestId("run-activity")).toContainText("commented: On it");

  // None of this needed a reload.
  expect(await b.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test("after a dropped connection the discussion catches up, with no duplicates", async ({ browser, baseURL }) => {
  const a = await as(browser, ana);
  const b = await as(browser, bo);
  const runId = await createRun(a, baseURL, FAST);
  const link = await controllableSocket(b);
  await a.goto(`/runs/${runId}`);
  await b.goto(`/runs/${runId}`);
  await comment(a, "before the drop");
  await expect(b.getByTestId("comment-body")).toHaveCount(1);

  await link.cut();
  await expect(b.getByTestId("discussion")).toHaveAttribute("data-connection", "offline");
  await comment(a, "while you were away");
  await comment(a, "and another");
  link.restore();
  await expect(b.getByTestId("discussion")).toHaveAttribute("data-connection", "live", { timeout: 30_000 });
  await expect(b.getByTestId("comment-body")).toHaveText(["before the drop", "while you were away", "and another"]);
  await comment(a, "after the return");
  await expect(b.getByTestId("comment-body")).toHaveText(["before the drop", "while you were away", "and another", "after the return"]);
});

test("script and HTML in a comment render inert in every viewer's browser", async ({ browser, baseURL }) => {
  const a = await as(browser, ana);
  const b = await as(browser, bo);
  const runId = await createRun(a, baseURL, FAST);
  await b.goto(`/runs/${runId}`);
  await a.goto(`/runs/${runId}`);
  const payloads = [
    `<img src=x onerror="window.__xss=1">`,
    `<script>window.__xss=1</script>`,
    `[click me](javascript:window.__xss=1)`,
    `<a href="javascript:window.__xss=1">raw link</a> <svg onload="window.__xss=1"></svg>`,
  ];
  for (const payload of payloads) await comment(a, payload);
  const bodies = b.getByTestId("comment-body");
  await expect(bodies).toHaveCount(payloads.length);
  await expect(bodies.nth(0)).toContainText(`<img src=x onerror="window.__xss=1">`);
  await expect(bodies.nth(1)).toContainText("<script>window.__xss=1</script>");
  expect(await b.locator("[data-testid=comment-body] img, [data-testid=comment-body] script, [data-testid=comment-body] svg").count()).toBe(0);
  expect(await b.locator("[data-testid=comment-body] a[href^='javascript']").count()).toBe(0);
  await bodies.nth(2).click();
  expect(await b.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await a.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test("a private run is invisible to a third user — in the list, by URL, by API and by socket — and open for those it is shared with", async ({ browser, baseURL }) => {
  // Three signed-in browsers and a dozen page loads: on a loaded 2-core machine this takes over a minute.
  test.setTimeout(150_000);
  const a = await as(browser, ana);
  const b = await as(browser, bo);
  const c = await as(browser, cy);
  const runId = await createRun(a, baseURL, SLOW);

  // Cy is watching the run and the list when Ana makes it private.
  const cList = await c.context().newPage();
  await cList.goto("/runs");
  await expect(cList.getByTestId(`run-row-${runId}`)).toBeVisible();
  await c.goto(`/runs/${runId}`);
  await expect(c.getByTestId("discussion")).toHaveAttribute("data-connection", "live");

  await a.goto(`/runs/${runId}`);
  await a.getByTestId("share-button").click();
  const dialog = a.getByRole("dialog", { name: `Share run #${runId}` });
  await dialog.getByLabel(/Private/).check();
  await dialog.getByLabel("Add a person").fill(bo.handle.slice(0, -1));
  await dialog.getByRole("button", { name: `${bo.name} @${bo.handle}` }).click();
  await dialog.getByLabel(`Permission for ${bo.name}`).selectOption("comment");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(a.getByTestId("private-badge")).toBeVisible();

  // Cy loses it at once: the open run page turns into "not found", the list drops the row.
  await expect(c.getByRole("heading", { name: /not found/i })).toBeVisible();
  await expect(cList.getByTestId(`run-row-${runId}`)).toHaveCount(0);
  await cList.reload();
  await expect(cList.getByTestId(`run-row-${runId}`)).toHaveCount(0);
  await c.goto(`/runs/${runId}`);
  await expect(c.getByRole("heading", { name: /not found/i })).toBeVisible();
  await c.goto(`/runs/${runId}/samples`);
  await expect(c.getByRole("heading", { name: /not found/i })).toBeVisible();
  for (const path of [`/api/v1/runs/${runId}`, `/api/v1/runs/${runId}/comments`, `/api/v1/runs/${runId}/logs`, `/api/v1/runs/${runId}/activity`]) {
    expect((await c.request.get(path)).status(), path).toBe(404);
  }
  const denied = await c.request.post(`/api/v1/runs/${runId}/comments`, { data: { body: "let me in" }, headers: { origin: baseURL ?? "" } });
  expect(denied.status()).toBe(404);

  // The socket room, with Cy's own session cookie: refused. Bo's: allowed.
  const joinAs = async (page: Page) => {
    const cookie = (await page.context().cookies()).map((k) => `${k.name}=${k.value}`).join("; ");
    const socket = io(baseURL!, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", reject);
      });
      return await new Promise<{ ok: boolean }>((resolve) => socket.emit("subscribe", `run:${runId}`, resolve));
    } finally {
      socket.close();
    }
  };
  expect(await joinAs(c)).toMatchObject({ ok: false });
  expect(await joinAs(b)).toMatchObject({ ok: true });

  // Bo (shared with comment permission) sees it, privately marked, and can take part; Cy is never notified.
  await b.goto(`/runs/${runId}`);
  await expect(b.getByTestId("private-badge")).toBeVisible();
  await comment(b, `Looks fine to me @${cy.handle}`);
  await expect(b.getByRole("button", { name: /Cancel run/ })).toHaveCount(0);
  await c.goto("/notifications");
  await expect(c.getByText(`${bo.name} mentioned you`)).toHaveCount(0);
});

test("sample comments carry labels that filter the samples browser; a comparison has its own discussion", async ({ browser, baseURL }) => {
  const a = await as(browser, ana);
  const first = await createRun(a, baseURL, FAST);
  const second = await createRun(a, baseURL, FAST);
  for (const id of [first, second]) await expect.poll(async () => ((await (await a.request.get(`/api/v1/runs/${id}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe("succeeded");

  await a.goto(`/runs/${first}/samples?task=mme&doc=3`);
  const panel = a.getByRole("region", { name: "Discussion of doc 3" });
  await expect(panel).toHaveAttribute("data-connection", "live");
  await panel.getByRole("textbox", { name: "Comment" }).fill(`@${bo.handle} the target here is wrong: the image shows two cats.`);
  await panel.getByRole("button", { name: "label error" }).click();
  await panel.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(panel.getByTestId("comment")).toContainText("label error");

  // Bo's notification leads to the exact sample and comment, highlighted.
  const b = await as(browser, bo);
  await b.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  await b.getByRole("dialog", { name: "Notifications" }).getByRole("link", { name: `${ana.name} mentioned you` }).first().click();
  await expect(b).toHaveURL(new RegExp(`/runs/${first}/samples\\?task=mme&doc=3#comment-\\d+$`));
  const linked = b.getByRole("region", { name: "Discussion of doc 3" }).locator('[data-linked="true"]');
  await expect(linked).toContainText("two cats");

  await a.goto(`/runs/${first}/samples?task=mme`);
  await a.getByLabel("Labelled").selectOption("label error");
  await expect(a).toHaveURL(/label=label\+error/);
  await expect(a.getByRole("listbox", { name: "Samples" }).getByRole("option")).toHaveCount(1);
  await expect(a.getByTestId("sample-detail")).toContainText("doc 3");
  await expect(a.getByRole("region", { name: "Discussion of doc 3" }).getByTestId("comment")).toContainText("two cats");

  // The run's own discussion lists the sample comment with a link back to the sample.
  await a.goto(`/runs/${first}`);
  await expect(a.getByTestId("discussion").getByRole("link", { name: "on mme · doc 3" })).toBeVisible();

  await a.goto(`/compare/runs?runs=${second},${first}`);
  const compareDiscussion = a.getByRole("region", { name: "Discussion of this comparison" });
  await compareDiscussion.getByRole("textbox", { name: "Comment" }).fill("Same checkpoint, same scores: good, the stand-in is deterministic.");
  await compareDiscussion.getByRole("button", { name: "Comment", exact: true }).click();
  await a.goto(`/compare/runs?runs=${first},${second}`);
  await expect(a.getByRole("region", { name: "Discussion of this comparison" }).getByTestId("comment")).toContainText("deterministic");
});
