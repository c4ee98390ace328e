import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { runs, runShares, type Run } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { can, requireActor, type RunAcl } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";

/** The actor's access to a run: owner, visibility and the actor's own share (one indexed lookup). */
export function runAcl(db: DbOrTx, run: Pick<Run, "id" | "createdById" | "visibility">, actor: Actor): RunAcl {
  const share = db
    .select({ permission: runShares.permission })
    .from(runShares)
    .where(and(eq(runShares.runId, run.id), eq(runShares.userId, actor.id)))
    .get();
  return { createdById: run.createdById, visibility: run.visibility, sharePermission: share?.permission ?? null };
}

const RunIdInput = z.coerce.number({ error: "run id must be a number" }).int().positive();

/**
 * Loads a run the actor may see, with the actor's access to it. A private run the actor may not see is "not found" —
 * never "forbidden" — so its existence does not leak; so is an import whose files are still being stored. Takes a transaction too, so a service that changes a run
 * (cancel, reorder, register as a version) checks access and writes in one transaction.
 */
export function loadRunWithAcl(db: DbOrTx, ctx: ServiceContext, runId: unknown): { run: Run; acl: RunAcl } {
  const actor = requireActor(ctx);
  const id = parseInput(RunIdInput, runId);
  const run = db.select().from(runs).where(eq(runs.id, id)).get();
  if (!run || run.importing) throw new NotFoundError(`Run #${id}`);
  const acl = runAcl(db, run, actor);
  if (!can.viewRun(actor, acl)) throw new NotFoundError(`Run #${id}`);
  return { run, acl };
}

/**
 * SQL filter for "runs this actor may see", for every list/aggregate query over runs (lists, board, compare, counts).
 * No one, not even an admin, sees an import that has not committed yet.
 */
export function visibleRunsWhere(actor: Actor): SQL {
  if (actor.role === "admin") return sql`${runs.importing} = 0`;
  return sql`(${runs.importing} = 0 and (${runs.visibility} = 'team' or ${runs.createdById} = ${actor.id} or exists (select 1 from run_shares s where s.run_id = ${runs.id} and s.user_id = ${actor.id})))`;
}

/** The same rule as raw SQL over an aliased runs table (for hand-written queries). */
export function visibleRunsSql(alias: string, actor: Actor): string {
  if (actor.role === "admin") return `${alias}.importing = 0`;
  const id = Number(actor.id);
  return `(${alias}.importing = 0 and (${alias}.visibility = 'team' or ${alias}.created_by_id = ${id} or exists (select 1 from run_shares s where s.run_id = ${alias}.id and s.user_id = ${id})))`;
}

/** Everyone who may see a private run (owner, admins, shares): where its live events go instead of the team room. */
export function privateRunAudience(db: DbOrTx, run: Pick<Run, "id" | "createdById">): number[] {
  const rows = db.all<{ id: number }>(
    sql`select id from users where role = 'admin' and disabled = 0
        union select user_id from run_shares where run_id = ${run.id}
        union select ${run.createdById ?? -1}`,
  );
  return [...new Set(rows.map((r) => r.id).filter((id) => id > 0))];
}
