import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { readSetting, writeSetting } from "@/lib/services/settings/settings-store";
import { parseInput } from "@/lib/services/validate";

const RETENTION_KEY = "audit_retention";

/**
 * At least 30 days: successful sign-ins in the log are how an account's known addresses are remembered (exempt from
 * its sign-in delays for 30 days), and run timelines show their events from it — a shorter log would forget both.
 */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 36_500;

const Days = z
  .number({ error: "Enter a whole number of days" })
  .int({ error: "Enter a whole number of days" })
  .min(MIN_RETENTION_DAYS, { error: `Keep entries for at least ${MIN_RETENTION_DAYS} days` })
  .max(MAX_RETENTION_DAYS, { error: `Keep entries for at most ${MAX_RETENTION_DAYS} days (100 years)` });

/** `days: null` keeps every entry forever (the default). */
export const AuditRetention = z.object({ days: Days.nullable() });
export type AuditRetention = z.infer<typeof AuditRetention>;

/** The form sends text: empty means "forever". */
export const AuditRetentionInput = z.object({
  days: z.preprocess((value) => (value === "" || value === undefined || value === null ? null : typeof value === "string" ? Number(value.trim()) : value), Days.nullable()),
});

export function readAuditRetention(db: DbOrTx): AuditRetention {
  return readSetting(db, RETENTION_KEY, AuditRetention, { days: null });
}

/** Admins set how long entries are kept; the change itself is audited (and kept, being newer than the cut-off). */
export function setAuditRetention({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): AuditRetention {
  authorize(ctx, can.manageSettings);
  const next = parseInput(AuditRetentionInput, input);
  return db.transaction((tx) => {
    const previous = readAuditRetention(tx);
    writeSetting(tx, RETENTION_KEY, next);
    writeAudit(tx, ctx, { action: AUDIT_ACTIONS.retentionUpdate, targetType: "audit_log", detail: { from: previous.days, to: next.days } });
    return next;
  });
}
