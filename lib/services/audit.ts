import type { DbOrTx } from "@/db/client";
import { actorLabel, type ServiceContext } from "@/lib/auth/actor";
import { maskSecretsDeep } from "@/lib/lmms-eval/secret-values";
import { appendAuditEntry } from "@/lib/services/audit/chain";

/**
 * Written inside the same transaction as the mutation it records, so neither exists without the other. The detail is
 * masked first (model args, overrides, anything credential-named): admins read the log, but no secret is theirs to read.
 * Sensitive reads call it with the database (their own short transaction). Either way the entry joins the hash chain.
 */
export function writeAudit(
  tx: DbOrTx,
  ctx: ServiceContext,
  entry: { action: string; targetType?: string; targetId?: string | number; detail?: Record<string, unknown> },
): void {
  appendAuditEntry(tx, {
    at: new Date(),
    actorId: ctx.actor?.id ?? null,
    actorLabel: actorLabel(ctx),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    ip: ctx.ip ?? null,
    detail: entry.detail ? maskSecretsDeep(entry.detail) : null,
  });
}
