import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { deliveryTarget, VERIFY_SNIPPET } from "@/lib/notifications-view/deliveries";
import { addIncoming, badgeText, BELL_SIZE, eventLabel, EVENT_INFO, EVENT_ORDER, markRead, mergeSnapshot, type BellState } from "@/lib/notifications-view/notifications";
import { timeAgo } from "@/lib/format";
import { NOTIFICATION_EVENTS } from "@/db/schema";
import { signWebhook } from "@/lib/services/notifications/webhooks";

const item = (id: number, read = false) => ({ id, event: "run_failed" as const, title: `Run #${id} failed`, body: "", link: `/runs/${id}`, createdAt: "2026-01-01T00:00:00Z", read });

describe("the bell's state", () => {
  it("adds a live notification on top and counts it once, even if a resync brought it already", () => {
    const state: BellState = { items: [item(2, true), item(1)], unread: 1 };
    const next = addIncoming(state, { ...item(3), read: undefined } as never);
    expect(next.items.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(next.unread).toBe(2);
    expect(addIncoming(next, item(3))).toBe(next);
  });

  it("keeps at most BELL_SIZE items", () => {
    let state: BellState = { items: [], unread: 0 };
    for (let id = 1; id <= BELL_SIZE + 3; id++) state = addIncoming(state, item(id));
    expect(state.items).toHaveLength(BELL_SIZE);
    expect(state.items[0].id).toBe(BELL_SIZE + 3);
    expect(state.unread).toBe(BELL_SIZE + 3);
  });

  it("marks read optimistically: only unread known items lower the count", () => {
    const state: BellState = { items: [item(3), item(2, true), item(1)], unread: 5 };
    expect(markRead(state, [3, 2])).toMatchObject({ unread: 4 });
    expect(markRead(state, [3, 2]).items.every((i) => i.id === 1 || i.read)).toBe(true);
    expect(markRead(state, "all")).toMatchObject({ unread: 0 });
    expect(markRead({ items: [item(1)], unread: 0 }, [1]).unread).toBe(0);
  });

  it("takes a server snapshot but keeps live items newer than anything in it", () => {
    const live: BellState = { items: [item(5), item(4), item(3, true)], unread: 2 };
    // The snapshot was read before #5 existed, and says #4 is read already.
    const snapshot: BellState = { items: [item(4, true), item(3, true)], unread: 0 };
    expect(mergeSnapshot(live, snapshot)).toEqual({ items: [item(5), item(4, true), item(3, true)], unread: 1 });
    // Nothing newer: the snapshot wins, even on counts.
    expect(mergeSnapshot({ items: [item(2)], unread: 1 }, { items: [item(2, true)], unread: 0 })).toEqual({ items: [item(2, true)], unread: 0 });
    // An empty snapshot (nothing stored yet) keeps what arrived live.
    expect(mergeSnapshot({ items: [item(1)], unread: 1 }, { items: [], unread: 0 })).toEqual({ items: [item(1)], unread: 1 });
  });

  it("caps the badge text", () => {
    expect(badgeText(7)).toBe("7");
    expect(badgeText(120)).toBe("99+");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-01-10T12:00:00Z");
    expect(timeAgo("2026-01-10T11:59:50Z", now)).toBe("just now");
    expect(timeAgo("2026-01-10T11:56:00Z", now)).toBe("4 min ago");
    expect(timeAgo("2026-01-10T09:00:00Z", now)).toBe("3 h ago");
    expect(timeAgo("2026-01-08T12:00:00Z", now)).toBe("2 d ago");
    expect(timeAgo("2025-11-01T12:00:00Z", now)).toBe("2025-11-01");
  });

  it("describes every notification event", () => {
    for (const event of NOTIFICATION_EVENTS) expect(EVENT_INFO[event].label).toBeTruthy();
    expect(EVENT_ORDER).toEqual([...NOTIFICATION_EVENTS]);
    expect(eventLabel("run_failed")).toBe("Run failed");
    expect(eventLabel("something_new")).toBe("something_new");
  });
});

describe("deliveries", () => {
  it("names the receiver", () => {
    const names = new Map([[1, "Slack #evals"]]);
    expect(deliveryTarget({ channel: "webhook", webhookId: 1, recipient: null }, names)).toBe("Slack #evals");
    expect(deliveryTarget({ channel: "webhook", webhookId: 2, recipient: null }, names)).toBe("webhook 2");
    expect(deliveryTarget({ channel: "webhook", webhookId: null, recipient: null }, names)).toBe("deleted webhook");
    expect(deliveryTarget({ channel: "email", webhookId: null, recipient: "a@b.org" }, names)).toBe("a@b.org");
  });

  it("the verification snippet shown to admins accepts what the dashboard signs and nothing else", () => {
    const body = VERIFY_SNIPPET.replace(/^import .*$/m, "");
    const verify = new Function("crypto", "Buffer", `${body}\nreturn verify;`)(crypto, Buffer) as (s: string, h: Record<string, string>, b: string) => boolean;
    const secret = "whsec_test";
    const timestamp = String(Math.floor(Date.now() / 1000));
    const payload = JSON.stringify({ text: "Run #1 failed" });
    const headers = { "x-dashboard-timestamp": timestamp, "x-dashboard-signature": signWebhook(secret, timestamp, payload) };
    expect(verify(secret, headers, payload)).toBe(true);
    expect(verify("whsec_other", headers, payload)).toBe(false);
    expect(verify(secret, headers, `${payload} `)).toBe(false);
    const stale = String(Number(timestamp) - 3600);
    expect(verify(secret, { "x-dashboard-timestamp": stale, "x-dashboard-signature": signWebhook(secret, stale, payload) }, payload)).toBe(false);
  });
});
