import { and, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { NOTIFICATION_EVENTS, notificationPrefs, notifications } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/services/validate";
import { NotificationPageDto } from "./notification-dto";
import { DEFAULT_PREFS } from "./notify";

/** Query of the notification list (also the OpenAPI document's). */
export const NotificationQuery = z.object({ cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
/** `{ids}` marks those, `{all: true}` every unread one. */
export const MarkReadInput = z.object({ ids: z.array(z.coerce.number().int().positive()).optional(), all: z.boolean().optional() });
/** The whole list of per-event choices; events left out keep what they had. */
export const NotificationPrefsInput = z.array(z.object({ event: z.enum(NOTIFICATION_EVENTS), inApp: z.boolean(), email: z.boolean() }));


/** The signed-in user's notifications, newest first, with the unread count (for the bell). */
export function listNotifications({ db, ctx, input = {} }: { db: DB; ctx: ServiceContext; input?: unknown }): NotificationPageDto {
  const actor = requireActor(ctx);
  const q = parseInput(NotificationQuery, input);
  const rows = db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), ...(q.cursor ? [lt(notifications.id, q.cursor)] : [])))
    .orderBy(desc(notifications.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const unread = db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt))).get()?.n ?? 0;
  return {
    items: page.map((n) => ({ id: n.id, event: n.event, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
    unread,
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

/** Marks some (or all) of the user's notifications read; only ever their own. */
export function markNotificationsRead({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): number {
  const actor = requireActor(ctx);
  const q = parseInput(MarkReadInput, input);
  const scope = q.all ? [] : [inArray(notifications.id, q.ids ?? [])];
  return db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt), ...scope)).run().changes;
}

export const PrefDto = z.strictObject({ event: z.enum(NOTIFICATION_EVENTS), inApp: z.boolean(), email: z.boolean() });
export type PrefDto = z.infer<typeof PrefDto>;

export function getNotificationPrefs({ db, ctx }: { db: DB; ctx: ServiceContext }): PrefDto[] {
  const actor = requireActor(ctx);
  const stored = db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, actor.id)).all();
  return NOTIFICATION_EVENTS.map((event) => {
    const row = stored.find((p) => p.event === event);
    return { event, inApp: row?.inApp ?? DEFAULT_PREFS.inApp, email: row?.email ?? DEFAULT_PREFS.email };
  });
}

export function setNotificationPrefs({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): PrefDto[] {
  const actor = requireActor(ctx);
  const prefs = parseInput(NotificationPrefsInput, input);
  db.transaction((tx) => {
    for (const p of prefs) {
      tx.insert(notificationPrefs)
        .values({ userId: actor.id, ...p })
        .onConflictDoUpdate({ target: [notificationPrefs.userId, notificationPrefs.event], set: { inApp: p.inApp, email: p.email } })
        .run();
    }
  });
  return getNotificationPrefs({ db, ctx });
}
