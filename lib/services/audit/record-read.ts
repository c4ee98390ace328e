import type { DB } from "@/db/client";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import type { ServiceContext } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/services/audit";

/** The reads worth a trace: data leaving the dashboard in bulk. Each is one audit insert beside a heavy response. */
const SENSITIVE_READS = {
  samplesExport: AUDIT_ACTIONS.samplesExport,
  consoleDownload: AUDIT_ACTIONS.consoleDownload,
  resultsDownload: AUDIT_ACTIONS.resultsDownload,
  auditExport: AUDIT_ACTIONS.auditExport,
} as const;

export type SensitiveRead = keyof typeof SENSITIVE_READS;

/** Called by a download route once the caller was authorised and the response is about to be sent. */
export function recordSensitiveRead(
  db: DB,
  ctx: ServiceContext,
  read: SensitiveRead,
  entry: { targetType?: string; targetId?: string | number; detail?: Record<string, unknown> } = {},
): void {
  writeAudit(db, ctx, { action: SENSITIVE_READS[read], ...entry });
}
