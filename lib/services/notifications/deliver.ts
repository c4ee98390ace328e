import { and, eq, lte } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { DB } from "@/db/client";
import { deliveries, webhooks, type Delivery } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { openJson } from "@/lib/crypto/secret-box";
import { readSmtp } from "./settings";
import { postWebhook } from "./webhook-target";
import { signWebhook } from "./webhooks";

export const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;

export type Senders = {
  webhook: (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;
  email: (message: { to: string; subject: string; text: string }) => Promise<void>;
};

/**
 * Real senders: webhooks only to public addresses unless ALLOW_PRIVATE_WEBHOOKS (checked after DNS, at every
 * delivery), with a timeout; nodemailer over the configured SMTP server.
 */
export function defaultSenders(db: DB, { allowPrivateWebhooks = getConfig().allowPrivateWebhooks }: { allowPrivateWebhooks?: boolean } = {}): Senders {
  return {
    webhook: (url, body, headers) => postWebhook(url, body, headers, { allowPrivate: allowPrivateWebhooks, timeoutMs: REQUEST_TIMEOUT_MS }),
    async email({ to, subject, text }) {
      const smtp = readSmtp(db);
      if (!smtp) throw new Error("SMTP is not configured");
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
        connectionTimeout: REQUEST_TIMEOUT_MS,
      });
      await transport.sendMail({ from: smtp.from, to, subject, text });
    },
  };
}

export function backoffMs(attempts: number): number {
  return BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1);
}

async function attempt(db: DB, delivery: Delivery, senders: Senders, encryptionKey: Buffer): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  try {
    if (delivery.channel === "webhook") {
      const hook = delivery.webhookId ? db.select().from(webhooks).where(eq(webhooks.id, delivery.webhookId)).get() : undefined;
      if (!hook) return { ok: false, status: null, error: "the webhook was deleted" };
      const body = JSON.stringify(delivery.payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const secret = openJson<string>(hook.secretSealed, encryptionKey);
      const { status } = await senders.webhook(hook.url, body, {
        "content-type": "application/json",
        "user-agent": "lmms-eval-dashboard",
        "x-dashboard-event": delivery.event,
        "x-dashboard-timestamp": timestamp,
        "x-dashboard-signature": signWebhook(secret, timestamp, body),
      });
      return status >= 200 && status < 300 ? { ok: true, status, error: null } : { ok: false, status, error: `the receiver answered HTTP ${status}` };
    }
    const payload = delivery.payload as { subject: string; text: string };
    await senders.email({ to: delivery.recipient ?? "", subject: payload.subject, text: payload.text });
    return { ok: true, status: null, error: null };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message };
  }
}

/**
 * Sends due deliveries (the worker calls this on a timer). A failure is retried with exponential backoff up to
 * MAX_ATTEMPTS, then logged as failed; sending happens outside transactions and never blocks the queue.
 */
export async function processDueDeliveries(db: DB, opts: { senders: Senders; encryptionKey: Buffer; now?: Date; limit?: number }): Promise<number> {
  const now = opts.now ?? new Date();
  const due = db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.status, "pending"), lte(deliveries.nextAttemptAt, now)))
    .limit(opts.limit ?? 20)
    .all();
  for (const delivery of due) {
    const result = await attempt(db, delivery, opts.senders, opts.encryptionKey);
    const attempts = delivery.attempts + 1;
    db.update(deliveries)
      .set(
        result.ok
          ? { status: "delivered", attempts, deliveredAt: new Date(), lastStatusCode: result.status, lastError: null }
          : {
              status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
              attempts,
              lastError: result.error,
              lastStatusCode: result.status,
              nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
            },
      )
      .where(eq(deliveries.id, delivery.id))
      .run();
  }
  return due.length;
}
