import { count, desc, eq, lt, lte } from "drizzle-orm";
import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import { systemContext } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/services/audit";
import { readAuditRetention } from "./retention";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a pruning checkpoint entry records: the last entry it deleted, whose hash the oldest kept entry links to. */
const PruneDetail = z.object({ prunedThroughId: z.number().int(), prunedThroughHash: z.string(), deleted: z.number().int() });

export type PruneCheckpoint = z.infer<typeof PruneDetail> & { id: number; at: Date };

/** The newest pruning checkpoint (verification starts from it), or null if the log was never pruned. */
export function latestPruneCheckpoint(db: DbOrTx): PruneCheckpoint | null {
  const row = db
    .select({ id: auditLog.id, at: auditLog.at, detail: auditLog.detail })
    .from(auditLog)
    .where(eq(auditLog.action, AUDIT_ACTIONS.prune))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  const detail = PruneDetail.safeParse(row?.detail);
  return row && detail.success ? { ...detail.data, id: row.id, at: row.at } : null;
}

/**
 * Deletes the entries older than the retention setting (nothing when it is "keep forever"), oldest first, keeping the
 * chain verifiable: in the same transaction it appends a checkpoint entry holding the id and hash of the last deleted
 * entry — which the oldest kept entry links to — so verification starts from it instead of reporting the deletion.
 * The checkpoint is appended before the deletion, so it is chained to the head as it was. The worker calls this daily.
 */
export function pruneAuditLog(db: DB, now = Date.now()): { deleted: number } {
  const retention = readAuditRetention(db);
  if (retention.days === null) return { deleted: 0 };
  const olderThan = new Date(now - retention.days * DAY_MS);
  return db.transaction((tx) => {
    // A prefix of the chain (by id) goes, so what stays is still one unbroken chain.
    const last = tx
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .where(lt(auditLog.at, olderThan))
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get();
    if (!last?.hash) return { deleted: 0 };
    const deleted = tx.select({ n: count() }).from(auditLog).where(lte(auditLog.id, last.id)).get()!.n;
    writeAudit(tx, systemContext("worker"), {
      action: AUDIT_ACTIONS.prune,
      targetType: "audit_log",
      detail: { prunedThroughId: last.id, prunedThroughHash: last.hash, deleted, olderThan: olderThan.toISOString(), retentionDays: retention.days },
    });
    tx.delete(auditLog).where(lte(auditLog.id, last.id)).run();
    return { deleted };
  });
}
