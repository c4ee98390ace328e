import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { maskSecretsDeep } from "@/lib/lmms-eval/secret-values";
import { InvalidInputError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";

const Moment = (label: string) =>
  z
    .string()
    .trim()
    .refine((value) => z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success, {
      error: `${label} must be a date (YYYY-MM-DD, a whole day in UTC) or a time (e.g. 2026-03-01T14:30:00Z)`,
    });

/** The filters of the audit view and of `GET /api/v1/audit`, all optional and combined with AND. */
export const AuditFilter = z.object({
  user: z.string().trim().max(200).optional().describe("who acted: a user id, or part of the actor's label (e-mail, token name, schedule)"),
  action: z.string().trim().max(100).optional().describe("an action or the start of one: `user.sign_in`, `run.` (every run action)"),
  object: z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z_]+(:\S+)?$/, { error: "Object must be a type, or type:id (e.g. run or run:12)" })
    .optional()
    .describe("what was acted on: a type (`run`) or type:id (`run:12`, `user:3`)"),
  from: Moment("From").optional().describe("entries at or after: a date (UTC day) or an ISO time"),
  to: Moment("To").optional().describe("entries at or before: a date (the whole UTC day) or an ISO time"),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditPageQuery = AuditFilter.extend({
  /** Older than this id (the next page). */
  cursor: z.coerce.number().int().positive().optional(),
  /** Newer than this id (the previous page). */
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One entry as the view, the API and the exports show it (hashes included, so an export can be checked on its own). */
export const AuditEntryDto = z.object({
  id: z.number().int(),
  at: z.string().describe("ISO time"),
  actorId: z.number().int().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

export function toAuditEntryDto(row: AuditEntry): AuditEntryDto {
  // Stored masked (writeAudit); masked again so a row written before that rule never shows a secret.
  return { ...row, at: row.at.toISOString(), detail: row.detail ? maskSecretsDeep(row.detail) : null };
}

const startOf = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
const endOf = (value: string) => new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The highest code point: `action < prefix + TOP` bounds a prefix range the action index can serve. */
const TOP = "\u{10FFFF}";

/**
 * The one place that turns filters into SQL — and where a workspace admin's scope (entries of their workspace) will be
 * added, beside the instance admin's "everything".
 */
export function auditWhere(filter: AuditFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.user) {
    where.push(/^\d+$/.test(filter.user) ? eq(auditLog.actorId, Number(filter.user)) : sql`${auditLog.actorLabel} like ${`%${escapeLike(filter.user)}%`} escape '\\'`);
  }
  if (filter.action) where.push(gte(auditLog.action, filter.action), lt(auditLog.action, filter.action + TOP));
  if (filter.object) {
    const separator = filter.object.indexOf(":");
    if (separator < 0) where.push(eq(auditLog.targetType, filter.object));
    else where.push(eq(auditLog.targetType, filter.object.slice(0, separator)), eq(auditLog.targetId, filter.object.slice(separator + 1)));
  }
  const from = filter.from ? startOf(filter.from) : null;
  const to = filter.to ? endOf(filter.to) : null;
  if (from && to && from > to) throw new InvalidInputError("From must not be after To", { from: ["From must not be after To"] });
  if (from) where.push(gte(auditLog.at, from));
  if (to) where.push(lte(auditLog.at, to));
  return where.length ? and(...where) : undefined;
}

export type AuditPage = { items: AuditEntryDto[]; nextCursor: number | null; prevCursor: number | null };

/** Admin view of the audit log, newest first, keyset-paginated by id in both directions. */
export function listAuditLog({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): AuditPage {
  authorize(ctx, can.viewAuditLog);
  const query = parseInput(AuditPageQuery, input);
  const filter = auditWhere(query);
  const page = (bound: SQL | undefined, order: "newest" | "oldest") =>
    db
      .select()
      .from(auditLog)
      .where(and(filter, bound))
      .orderBy(order === "newest" ? desc(auditLog.id) : asc(auditLog.id))
      .limit(query.limit + 1)
      .all();
  const exists = (bound: SQL) => db.select({ id: auditLog.id }).from(auditLog).where(and(filter, bound)).limit(1).get() !== undefined;
  let rows: AuditEntry[];
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (query.after && !query.cursor) {
    // The previous page: the `limit` entries just newer than `after`, read upwards and shown newest first.
    const upwards = page(gt(auditLog.id, query.after), "oldest");
    hasNewer = upwards.length > query.limit;
    rows = upwards.slice(0, query.limit).reverse();
    hasOlder = rows.length > 0 && exists(lt(auditLog.id, rows[rows.length - 1].id));
  } else {
    const downwards = page(query.cursor ? lt(auditLog.id, query.cursor) : undefined, "newest");
    hasOlder = downwards.length > query.limit;
    rows = downwards.slice(0, query.limit);
    hasNewer = query.cursor !== undefined && rows.length > 0 && exists(gt(auditLog.id, rows[0].id));
  }
  return {
    items: rows.map(toAuditEntryDto),
    nextCursor: hasOlder && rows.length ? rows[rows.length - 1].id : null,
    prevCursor: hasNewer && rows.length ? rows[0].id : null,
  };
}

/**
 * The actions present in the log, for the filter's suggestions. A loop of index seeks (`min(action) > previous`)
 * rather than `select distinct`, which would read the whole index: one seek per distinct action.
 */
export function listAuditActions({ db, ctx }: { db: DB; ctx: ServiceContext }): string[] {
  authorize(ctx, can.viewAuditLog);
  const actions: string[] = [];
  for (let last = ""; ; ) {
    const next = db.get<{ action: string | null }>(sql`select min(${auditLog.action}) as action from ${auditLog} where ${auditLog.action} > ${last}`);
    if (!next?.action) return actions;
    actions.push(next.action);
    last = next.action;
  }
}
