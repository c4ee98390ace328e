import { and, eq, gte, inArray, isNull, ne } from "drizzle-orm";
import type { DB } from "@/db/client";
import { batches, runs, scheduleFirings, schedules, users, type Schedule } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import type { Publisher } from "@/lib/realtime/events";
import { notify } from "@/lib/services/notifications/notify";
import { createRun, type RunConfigDeps } from "@/lib/services/runs/create-run";
import { createBatch } from "./batches";
import { authorize, can } from "@/lib/auth/permissions";
import { ConflictError } from "@/lib/services/errors";
import { lastSlotBefore } from "./cron";
import { getSchedule, toFiringDto, type FiringDto } from "./manage-schedules";

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/.test(String((error as Error).message));
}

/**
 * One firing of a schedule. The firing row is inserted first and is unique per (schedule, scheduled time): whoever
 * inserts it owns the slot, so a restart, a clock jump or two worker processes can never double-fire. Then the
 * overlap policy, then the target through the same services as the UI (createRun / createBatch), audited as
 * "schedule S (owner U)". Failures are recorded on the firing and notified; the schedule keeps running.
 */
export async function fireSchedule(
  db: DB,
  opts: { scheduleId: number; scheduledAt: Date; trigger: "cron" | "misfire" | "manual"; publisher: Publisher; deps?: RunConfigDeps },
): Promise<FiringDto | null> {
  const schedule = db.select().from(schedules).where(eq(schedules.id, opts.scheduleId)).get();
  if (!schedule || schedule.deletedAt || (!schedule.enabled && opts.trigger !== "manual")) return null;
  let firingId: number;
  try {
    firingId = db
      .insert(scheduleFirings)
      .values({ scheduleId: schedule.id, scheduledAt: opts.scheduledAt, firedAt: new Date(), trigger: opts.trigger, outcome: "started" })
      .returning({ id: scheduleFirings.id })
      .get().id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  const finish = (outcome: "started" | "skipped" | "failed", message: string | null, runIds: number[] = [], batchId: number | null = null) => {
    const row = db.update(scheduleFirings).set({ outcome, message, runIds, batchId }).where(eq(scheduleFirings.id, firingId)).returning().get();
    if (outcome === "failed" && schedule.ownerId) {
      notify(db, opts.publisher, {
        event: "schedule_failed",
        userIds: [schedule.ownerId],
        runIds: [],
        title: `Schedule "${schedule.name}" failed to fire`,
        body: message ?? "",
        link: `/schedules/${schedule.id}`,
        data: { scheduleId: schedule.id, firingId },
      });
    }
    return toFiringDto(row);
  };

  if (schedule.overlap === "skip") {
    const earlier = db.select().from(scheduleFirings).where(and(eq(scheduleFirings.scheduleId, schedule.id), ne(scheduleFirings.id, firingId))).all();
    const runIds = earlier.flatMap((f) => f.runIds);
    const unfinished = runIds.length ? db.select({ id: runs.id }).from(runs).where(and(inArray(runs.id, runIds), inArray(runs.status, ["queued", "running"]))).all() : [];
    const batchIds = earlier.map((f) => f.batchId).filter((b): b is number => b !== null);
    const openBatches = batchIds.length ? db.select({ id: batches.id }).from(batches).where(and(inArray(batches.id, batchIds), eq(batches.status, "running"))).all() : [];
    if (unfinished.length || openBatches.length) {
      return finish("skipped", `the previous firing is still running (${[...unfinished.map((r) => `run #${r.id}`), ...openBatches.map((b) => `batch ${b.id}`)].join(", ")}); overlap policy: skip`);
    }
  }

  const owner = schedule.ownerId ? db.select().from(users).where(eq(users.id, schedule.ownerId)).get() : undefined;
  if (!owner || owner.disabled) return finish("failed", "the schedule's owner no longer has an active account; give the schedule a new owner");
  const ctx: ServiceContext = {
    actor: { id: owner.id, email: owner.email, name: owner.name, role: owner.role },
    via: "schedule",
    viaLabel: `schedule "${schedule.name}"`,
  };
  const target = schedule.target;
  const common = { publisher: opts.publisher, ...(opts.deps ? { deps: opts.deps } : {}) };
  if (target.type === "comparison") {
    try {
      const batch = await createBatch({ db, ctx, input: { modelVersionIds: target.modelVersionIds, tasks: target.tasks, params: target.params, baselineVersionId: target.baselineVersionId ?? null, name: `${schedule.name} (${opts.scheduledAt.toISOString()})` }, scheduleId: schedule.id, ...common });
      return finish("started", null, [...new Set(batch.items.filter((i) => !i.reused && i.runId !== null).map((i) => i.runId!))], batch.id);
    } catch (error) {
      return finish("failed", (error as Error).message);
    }
  }
  const runIds: number[] = [];
  const problems: string[] = [];
  for (const versionId of target.modelVersionIds) {
    try {
      const run = await createRun({ db, ctx, input: { ...(target.params ?? {}), modelVersionId: versionId, tasks: target.tasks }, source: "scheduled", ...common });
      runIds.push(run.id);
    } catch (error) {
      problems.push(`version ${versionId}: ${(error as Error).message}`);
    }
  }
  if (problems.length && runIds.length === 0) return finish("failed", problems.join("; "), runIds);
  if (problems.length) {
    const row = finish("started", `some runs could not be created: ${problems.join("; ")}`, runIds);
    if (schedule.ownerId) notify(db, opts.publisher, { event: "schedule_failed", userIds: [schedule.ownerId], runIds: [], title: `Schedule "${schedule.name}" partly failed`, body: problems.join("; "), link: `/schedules/${schedule.id}` });
    return row;
  }
  return finish("started", null, runIds);
}

/** "Run now" from the UI/API: a manual firing at the current second (owner or admin). */
export async function runScheduleNow({ db, ctx, scheduleId, publisher }: { db: DB; ctx: ServiceContext; scheduleId: unknown; publisher: Publisher }): Promise<FiringDto> {
  const schedule = getSchedule({ db, ctx, scheduleId });
  authorize(ctx, can.manageSchedule, { createdById: schedule.owner?.id ?? null });
  if (schedule.deleted) throw new ConflictError("This schedule was deleted");
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const firing = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: at, trigger: "manual", publisher });
  if (!firing) throw new ConflictError("This schedule fired this very second already; try again in a moment");
  return firing;
}

/** The schedules the worker keeps cron tasks for: enabled and not deleted. */
export function listActiveSchedules(db: DB): Schedule[] {
  return db.select().from(schedules).where(and(eq(schedules.enabled, true), isNull(schedules.deletedAt))).all();
}

/**
 * Worker start, for schedules whose misfire policy is "run once": the latest slot missed while no worker ran fires
 * once — unless the schedule was edited after that slot or a firing already covers it.
 */
export async function fireMissedSlots(db: DB, opts: { publisher: Publisher; now?: Date }): Promise<Array<{ schedule: Schedule; slot: Date; firing: FiringDto }>> {
  const now = opts.now ?? new Date();
  const fired: Array<{ schedule: Schedule; slot: Date; firing: FiringDto }> = [];
  for (const schedule of listActiveSchedules(db).filter((s) => s.misfire === "run_once")) {
    const slot = lastSlotBefore(schedule.cron, schedule.timezone, now);
    if (!slot || slot.getTime() < schedule.updatedAt.getTime()) continue;
    const covered = db.select({ id: scheduleFirings.id }).from(scheduleFirings).where(and(eq(scheduleFirings.scheduleId, schedule.id), gte(scheduleFirings.scheduledAt, slot))).get();
    if (covered) continue;
    const firing = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: slot, trigger: "misfire", publisher: opts.publisher });
    if (firing) fired.push({ schedule, slot, firing });
  }
  return fired;
}
