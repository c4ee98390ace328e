import type { DB } from "@/db/client";
import type { Run } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import { findUserById } from "@/lib/services/users/queries";
import { appendAuditEntry } from "./chain";

/**
 * The worker decrypted a run's stored secrets (its environment variables, its sealed model args / gen kwargs): to
 * launch it, or to mask the console of a run it re-attached to. Recorded with the variable names, never a value; the
 * entry's actor is the run's creator, whose secrets they are, acted on by the worker.
 */
export function recordSecretUse({
  db,
  run,
  envNames,
  sealedArgs,
  purpose,
}: {
  db: DB;
  run: Pick<Run, "id" | "createdById">;
  envNames: string[];
  sealedArgs: boolean;
  purpose: "launch" | "reattach";
}): void {
  if (envNames.length === 0 && !sealedArgs) return;
  const owner = run.createdById ? findUserById(db, { id: run.createdById }) : undefined;
  appendAuditEntry(db, {
    at: new Date(),
    actorId: owner?.id ?? null,
    actorLabel: `worker (run of ${owner?.email ?? "a removed user"})`,
    action: AUDIT_ACTIONS.secretUse,
    targetType: "run",
    targetId: String(run.id),
    ip: null,
    detail: { purpose, envNames, sealedArgs },
  });
}
