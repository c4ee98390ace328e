import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { deliveries, NOTIFICATION_EVENTS, webhooks, type Webhook } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { sealJson } from "@/lib/crypto/secret-box";
import { writeAudit } from "@/lib/services/audit";
import { IsoTimestamp, JsonObject } from "@/lib/services/dto-fields";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { PRIVATE_TARGET_HINT, privateTargetProblem } from "./webhook-target";

const Url = z
  .string({ error: "url is required" })
  .trim()
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "the webhook URL must be an http(s) URL");

export const WebhookInput = z.object({
  name: z.string().trim().min(1, { error: "name is required" }).max(80),
  url: Url,
  events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1, { error: "choose at least one event" }),
  enabled: z.boolean().default(true),
});

export const WebhookDto = z.strictObject({ id: z.number(), name: z.string(), url: z.string(), events: z.array(z.enum(NOTIFICATION_EVENTS)), enabled: z.boolean(), createdAt: IsoTimestamp });
export type WebhookDto = z.infer<typeof WebhookDto>;

export const CreatedWebhook = z.strictObject({ webhook: WebhookDto, secret: z.string().describe("shown once: verify X-Dashboard-Signature with it") });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const DeliveryDto = z.strictObject({
  id: z.number(),
  channel: z.enum(["webhook", "email"]),
  webhookId: z.number().nullable(),
  recipient: z.string().nullable().describe("the e-mail address (e-mail deliveries)"),
  event: z.enum(NOTIFICATION_EVENTS),
  payload: JsonObject,
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  nextAttemptAt: IsoTimestamp,
  lastError: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  createdAt: IsoTimestamp,
  deliveredAt: IsoTimestamp.nullable(),
});
export type DeliveryDto = z.infer<typeof DeliveryDto>;

const toDto = ({ secretSealed: _s, ...w }: Webhook): WebhookDto => ({ ...w, createdAt: w.createdAt.toISOString() });

/** Whether webhooks may go to private, loopback and link-local addresses: ALLOW_PRIVATE_WEBHOOKS. */
type TargetPolicy = { allowPrivateTargets?: boolean };

/** A URL that names this server or a private address is refused when saved (names are checked at every delivery). */
function checkTarget(url: string | undefined, allowPrivateTargets: boolean): void {
  const problem = url === undefined || allowPrivateTargets ? null : privateTargetProblem(url);
  if (problem) {
    const message = `Webhooks cannot go to ${problem}: ${PRIVATE_TARGET_HINT}`;
    throw new InvalidInputError(message, { url: [message] });
  }
}

/** Admin adds a webhook; its signing secret is generated, shown once, and stored sealed. */
export function createWebhook({
  db,
  ctx,
  input,
  allowPrivateTargets = getConfig().allowPrivateWebhooks,
}: { db: DB; ctx: ServiceContext; input: unknown } & TargetPolicy): CreatedWebhook {
  authorize(ctx, can.manageSettings);
  const data = parseInput(WebhookInput, input);
  checkTarget(data.url, allowPrivateTargets);
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  return db.transaction((tx) => {
    const row = tx.insert(webhooks).values({ ...data, secretSealed: sealJson(secret, getConfig().encryptionKey) }).returning().get();
    writeAudit(tx, ctx, { action: "webhook.create", targetType: "webhook", targetId: row.id, detail: { name: row.name, url: row.url, events: row.events } });
    return { webhook: toDto(row), secret };
  });
}

export function updateWebhook({
  db,
  ctx,
  input,
  allowPrivateTargets = getConfig().allowPrivateWebhooks,
}: { db: DB; ctx: ServiceContext; input: unknown } & TargetPolicy): WebhookDto {
  authorize(ctx, can.manageSettings);
  const data = parseInput(WebhookInput.partial().extend({ webhookId: z.coerce.number().int().positive() }), input);
  checkTarget(data.url, allowPrivateTargets);
  const { webhookId, ...changes } = data;
  return db.transaction((tx) => {
    const row = tx.update(webhooks).set(changes).where(eq(webhooks.id, webhookId)).returning().get();
    if (!row) throw new NotFoundError(`Webhook ${webhookId}`);
    writeAudit(tx, ctx, { action: "webhook.update", targetType: "webhook", targetId: webhookId, detail: changes });
    return toDto(row);
  });
}

export function deleteWebhook({ db, ctx, webhookId }: { db: DB; ctx: ServiceContext; webhookId: number }): void {
  authorize(ctx, can.manageSettings);
  db.transaction((tx) => {
    const row = tx.delete(webhooks).where(eq(webhooks.id, webhookId)).returning().get();
    if (!row) throw new NotFoundError(`Webhook ${webhookId}`);
    writeAudit(tx, ctx, { action: "webhook.delete", targetType: "webhook", targetId: webhookId, detail: { name: row.name } });
  });
}

export function listWebhooks({ db, ctx }: { db: DB; ctx: ServiceContext }): WebhookDto[] {
  authorize(ctx, can.manageSettings);
  return db.select().from(webhooks).orderBy(webhooks.name).all().map(toDto);
}

/** The delivery log (webhooks and e-mails), newest first. */
export function listDeliveries({ db, ctx, limit = 100 }: { db: DB; ctx: ServiceContext; limit?: number }): DeliveryDto[] {
  authorize(ctx, can.manageSettings);
  return db
    .select()
    .from(deliveries)
    .orderBy(desc(deliveries.id))
    .limit(limit)
    .all()
    .map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), nextAttemptAt: d.nextAttemptAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null }));
}

/**
 * Receivers verify `X-Dashboard-Signature: sha256=<hex>` = HMAC-SHA256(secret, `${timestamp}.${body}`) with the
 * `X-Dashboard-Timestamp` header, and reject stale timestamps (replay protection).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
