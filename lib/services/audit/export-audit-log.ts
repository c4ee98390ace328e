import { and, asc, gt, lte, max } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/services/validate";
import { AuditFilter, auditWhere, toAuditEntryDto, type AuditEntryDto } from "./list-audit-log";

export const AUDIT_EXPORT_FORMATS = ["json", "csv"] as const;

export const AuditExportQuery = AuditFilter.extend({
  format: z.enum(AUDIT_EXPORT_FORMATS, { error: "format must be json or csv" }).default("json"),
});

const BATCH = 1000;

/**
 * Authorises and validates an export of the entries matching the filters, oldest first, up to the newest entry at
 * this moment (entries appended meanwhile — the export's own record among them — are not part of it). The entries are
 * read a batch per query, with a turn of the event loop between batches: a large log neither holds a statement open
 * on the web process's connection nor keeps other requests waiting.
 */
export function openAuditExport({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): {
  format: (typeof AUDIT_EXPORT_FORMATS)[number];
  filter: AuditFilter;
  batches: AsyncGenerator<AuditEntryDto[]>;
} {
  authorize(ctx, can.viewAuditLog);
  const { format, ...filter } = parseInput(AuditExportQuery, input);
  const where = auditWhere(filter);
  const newest = db.select({ id: max(auditLog.id) }).from(auditLog).get()?.id ?? 0;
  async function* batches(): AsyncGenerator<AuditEntryDto[]> {
    for (let cursor = 0; ; ) {
      const rows = db.select().from(auditLog).where(and(where, gt(auditLog.id, cursor), lte(auditLog.id, newest))).orderBy(asc(auditLog.id)).limit(BATCH).all();
      if (rows.length) yield rows.map(toAuditEntryDto);
      if (rows.length < BATCH) return;
      cursor = rows[rows.length - 1].id;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { format, filter, batches: batches() };
}
