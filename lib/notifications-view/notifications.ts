import type { NotificationEvent } from "@/db/schema";
import type { NotificationDto } from "@/lib/services/notifications/notification-dto";

/** The bell lists the service's notifications as they are (a type-only import). */
export type BellItem = NotificationDto;
export type BellState = { items: BellItem[]; unread: number };

/** How many notifications the bell keeps in its dropdown. */
export const BELL_SIZE = 10;

/** A notification arrived live: newest first, no duplicates (a resync may already have brought it), capped. */
export function addIncoming(state: BellState, incoming: Omit<BellItem, "read">): BellState {
  if (state.items.some((i) => i.id === incoming.id)) return state;
  const items = [{ ...incoming, read: false }, ...state.items].sort((a, b) => b.id - a.id).slice(0, BELL_SIZE);
  return { items, unread: state.unread + 1 };
}

/** Optimistic "mark read": only unread items the state knows lower the count. */
export function markRead(state: BellState, ids: number[] | "all"): BellState {
  if (ids === "all") return { items: state.items.map((i) => ({ ...i, read: true })), unread: 0 };
  const wanted = new Set(ids);
  const lowered = state.items.filter((i) => wanted.has(i.id) && !i.read).length;
  return { items: state.items.map((i) => (wanted.has(i.id) ? { ...i, read: true } : i)), unread: Math.max(0, state.unread - lowered) };
}

export const badgeText = (unread: number) => (unread > 99 ? "99+" : String(unread));

/** The events users choose from (settings) and webhooks subscribe to, in words. */
export const EVENT_INFO: Record<NotificationEvent, { label: string; description: string }> = {
  run_failed: { label: "Run failed", description: "A run you launched failed." },
  batch_finished: { label: "Batch finished", description: "A comparison batch you started has all its results." },
  schedule_failed: { label: "Schedule failed", description: "One of your schedules could not start its runs." },
  regression: { label: "Regression", description: "A new result is clearly worse than its model's baseline." },
  mention: { label: "Mention", description: "Someone mentions you in a comment." },
  reply: { label: "Reply", description: "Someone replies to your comment." },
};

/** The events in display order (client code cannot import the schema's list without pulling drizzle in). */
export const EVENT_ORDER = Object.keys(EVENT_INFO) as NotificationEvent[];

export const eventLabel = (event: string) => (EVENT_INFO as Record<string, { label: string }>)[event]?.label ?? event;

/**
 * A fresh server snapshot (resync, or the layout re-rendered) replaces the state, except for live items newer than
 * anything in it: the snapshot may have been read just before they were created, so they are kept (and counted).
 */
export function mergeSnapshot(current: BellState, snapshot: BellState): BellState {
  const newestKnown = snapshot.items.reduce((max, i) => Math.max(max, i.id), 0);
  const newer = current.items.filter((i) => i.id > newestKnown);
  if (newer.length === 0) return snapshot;
  return {
    items: [...newer, ...snapshot.items].sort((a, b) => b.id - a.id).slice(0, BELL_SIZE),
    unread: snapshot.unread + newer.filter((i) => !i.read).length,
  };
}
