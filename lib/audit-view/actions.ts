/**
 * The audit actions that are not plain changes — sign-ins, sensitive reads, use of stored secrets, token use from a
 * new address, the log's own maintenance — named once: the services write them, the view labels them.
 */
export const AUDIT_ACTIONS = {
  signIn: "user.sign_in",
  signInFailed: "user.sign_in_failed",
  tokenNewAddress: "api_token.new_address",
  secretUse: "run.use_secrets",
  samplesExport: "run.export_samples",
  consoleDownload: "run.download_console",
  resultsDownload: "run.download_results",
  auditExport: "audit.export",
  prune: "audit.prune",
  retentionUpdate: "audit.retention_update",
} as const;

export type AuditEntryKind = "sign-in" | "failed sign-in" | "read" | "secret use" | "new address" | "pruned" | "change";

const READS: ReadonlySet<string> = new Set([AUDIT_ACTIONS.samplesExport, AUDIT_ACTIONS.consoleDownload, AUDIT_ACTIONS.resultsDownload, AUDIT_ACTIONS.auditExport]);

export function auditEntryKind(action: string): AuditEntryKind {
  if (action === AUDIT_ACTIONS.signIn) return "sign-in";
  if (action === AUDIT_ACTIONS.signInFailed) return "failed sign-in";
  if (READS.has(action)) return "read";
  if (action === AUDIT_ACTIONS.secretUse) return "secret use";
  if (action === AUDIT_ACTIONS.tokenNewAddress) return "new address";
  if (action === AUDIT_ACTIONS.prune) return "pruned";
  return "change";
}

export const AUDIT_KIND_TONE: Record<AuditEntryKind, "neutral" | "blue" | "green" | "red" | "amber" | "violet"> = {
  "sign-in": "green",
  "failed sign-in": "red",
  read: "blue",
  "secret use": "violet",
  "new address": "amber",
  pruned: "neutral",
  change: "neutral",
};
