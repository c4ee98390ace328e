import { and, asc, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runLogs, users, type Run } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { can, requireActor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/services/validate";
import { queuePositions } from "./queries";
import { loadRunWithAcl, runAcl } from "./run-access";
import { toRunDto, type RunDto, type RunLogsDto } from "./run-dto";

/** A run the actor may see (see loadRunWithAcl): every read of a run, its logs, results, samples and comments. */
export function loadVisibleRun(db: DB, ctx: ServiceContext, runId: unknown): Run {
  return loadRunWithAcl(db, ctx, runId).run;
}

export function getRun({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): RunDto {
  return getRunForViewer({ db, ctx, runId }).run;
}

/** What the signed-in user may do with a run they can see (the page shows only those controls; services re-check). */
export type RunPermissions = { comment: boolean; control: boolean; share: boolean };

export function getRunForViewer({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): { run: RunDto; may: RunPermissions } {
  const { run, acl } = loadRunWithAcl(db, ctx, runId);
  const actor = requireActor(ctx);
  const creator = run.createdById ? db.select({ name: users.name }).from(users).where(eq(users.id, run.createdById)).get() : undefined;
  return {
    run: toRunDto(run, { createdByName: creator?.name, queuePosition: queuePositions(db).get(run.id) }),
    may: { comment: can.commentRun(actor, acl), control: can.controlRun(actor, acl), share: can.shareRun(actor, acl) },
  };
}


const LogsQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  tail: z.coerce.number().int().min(1).max(10_000).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(5_000),
});

/** Console lines after a sequence number (reconnect catch-up, no duplicates) or the last N (`tail`). */
export function getRunLogs({ db, ctx, runId, input }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown }): RunLogsDto {
  const run = loadVisibleRun(db, ctx, runId);
  const q = parseInput(LogsQuery, input);
  const columns = { seq: runLogs.seq, stream: runLogs.stream, level: runLogs.level, text: runLogs.text, at: runLogs.at };
  const rows = q.tail
    ? db.select(columns).from(runLogs).where(eq(runLogs.runId, run.id)).orderBy(desc(runLogs.seq)).limit(q.tail).all().reverse()
    : db
        .select(columns)
        .from(runLogs)
        .where(and(eq(runLogs.runId, run.id), gt(runLogs.seq, q.after ?? 0)))
        .orderBy(asc(runLogs.seq))
        .limit(q.limit)
        .all();
  return { lines: rows.map((r) => ({ ...r, at: r.at.toISOString() })), lastSeq: run.lastLogSeq };
}
