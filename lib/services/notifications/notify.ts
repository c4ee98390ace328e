import { and, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { deliveries, notificationPrefs, notifications, runs, users, webhooks, type NotificationEvent } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { runAcl } from "@/lib/services/runs/run-access";
import { EVENTS, rooms, type Publisher } from "@/lib/realtime/events";
import { readSmtp } from "./settings";

export type NotifyArgs = {
  event: NotificationEvent;
  /** Team members to tell (deduped; disabled users and people who may not see `runIds` skipped). */
  userIds: number[];
  /**
   * The runs the event tells about (its score, reason, link): only people who may see every one of them are told, and
   * an event about a private run never goes to the team-wide webhooks. Empty for events about no run.
   */
  runIds: number[];
  title: string;
  body?: string;
  /** App-relative link, e.g. /runs/12; made absolute for e-mails and webhooks. */
  link?: string | null;
  data?: Record<string, unknown>;
};

/** What each event does when a user has not chosen: in-app on, e-mail off. */
export const DEFAULT_PREFS = { inApp: true, email: false } as const;

/**
 * Raises an event: in-app notifications (live to each user's room), e-mails (when SMTP is configured and the user
 * opted in) and webhooks (subscribed ones) are queued as deliveries the worker sends with retries — so a slow or
 * unreachable receiver never blocks whoever raised the event.
 */
export function notify(db: DB, publisher: Publisher, args: NotifyArgs): void {
  const now = new Date();
  const base = getConfig().nextAuthUrl.replace(/\/$/, "");
  const absolute = args.link ? `${base}${args.link}` : null;
  const ids = [...new Set(args.userIds)];
  const involved = args.runIds.length ? db.select({ id: runs.id, createdById: runs.createdById, visibility: runs.visibility }).from(runs).where(inArray(runs.id, args.runIds)).all() : [];
  const recipients = ids.length
    ? db
        .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled })
        .from(users)
        .where(inArray(users.id, ids))
        .all()
        .filter((u) => !u.disabled && involved.every((run) => can.viewRun(u, runAcl(db, run, u))))
    : [];
  const teamWide = involved.every((run) => run.visibility === "team");
  const prefs = recipients.length
    ? db.select().from(notificationPrefs).where(and(inArray(notificationPrefs.userId, recipients.map((r) => r.id)), eq(notificationPrefs.event, args.event))).all()
    : [];
  const smtp = readSmtp(db);
  const created: Array<{ userId: number; id: number }> = [];
  db.transaction((tx) => {
    for (const user of recipients) {
      const pref = prefs.find((p) => p.userId === user.id) ?? DEFAULT_PREFS;
      if (pref.inApp) {
        const row = tx.insert(notifications).values({ userId: user.id, event: args.event, title: args.title, body: args.body ?? "", link: args.link ?? null }).returning({ id: notifications.id }).get();
        created.push({ userId: user.id, id: row.id });
      }
      if (pref.email && smtp) {
        tx.insert(deliveries)
          .values({ channel: "email", recipient: user.email, event: args.event, payload: { subject: args.title, text: `${args.body ?? ""}${absolute ? `\n\n${absolute}` : ""}` }, nextAttemptAt: now })
          .run();
      }
    }
    for (const hook of teamWide ? tx.select().from(webhooks).where(eq(webhooks.enabled, true)).all() : []) {
      if (!hook.events.includes(args.event)) continue;
      // Slack-compatible: `text` is what Slack shows; the rest is for other receivers.
      const payload = { text: `${args.title}${args.body ? ` — ${args.body}` : ""}${absolute ? ` <${absolute}|open>` : ""}`, event: args.event, title: args.title, body: args.body ?? "", link: absolute, data: args.data ?? {}, sentAt: now.toISOString() };
      tx.insert(deliveries).values({ channel: "webhook", webhookId: hook.id, event: args.event, payload, nextAttemptAt: now }).run();
    }
  });
  for (const { userId, id } of created) {
    publisher.publish(rooms.user(userId), EVENTS.notification, { id, event: args.event, title: args.title, body: args.body ?? "", link: args.link ?? null, createdAt: now.toISOString() });
  }
  publisher.wakeWorker();
}
