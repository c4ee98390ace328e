import { and, desc, eq, gte, like, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { maskSecretsDeep } from "@/lib/lmms-eval/secret-values";
import { parseInput } from "@/lib/services/validate";

export const AuditFilter = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.iso.date({ error: "From must be a date (YYYY-MM-DD)" }).optional(),
  to: z.iso.date({ error: "To must be a date (YYYY-MM-DD)" }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export type AuditEntryDto = Omit<AuditEntry, "at"> & { at: string };

/** Admin view of the audit log, newest first, keyset-paginated by id. */
export function listAuditLog({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): {
  items: AuditEntryDto[];
  nextCursor: number | null;
} {
  authorize(ctx, can.viewAuditLog);
  const f = parseInput(AuditFilter, input);
  const where: SQL[] = [];
  if (f.actor) where.push(like(auditLog.actorLabel, `%${f.actor}%`));
  if (f.action) where.push(like(auditLog.action, `${f.action}%`));
  if (f.target) {
    const [type, id] = f.target.split(":");
    where.push(id ? and(eq(auditLog.targetType, type), eq(auditLog.targetId, id))! : or(eq(auditLog.targetType, type), eq(auditLog.targetId, type))!);
  }
  if (f.from) where.push(gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lte(auditLog.at, new Date(`${f.to}T23:59:59.999Z`)));
  if (f.cursor) where.push(lt(auditLog.id, f.cursor));
  const rows = db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  return {
    // Stored masked (writeAudit); masked again so a row written before that rule never shows a secret.
    items: page.map((r) => ({ ...r, detail: r.detail ? maskSecretsDeep(r.detail) : null, at: r.at.toISOString() })),
    nextCursor: rows.length > f.limit ? page[page.length - 1].id : null,
  };
}
