import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { ScheduleTarget, scheduleFirings, schedules, users, type Schedule, type ScheduleFiring } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can, requireActor } from "@/lib/auth/permissions";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { IsoTimestamp, PersonRef } from "@/lib/services/dto-fields";
import { NotFoundError } from "@/lib/services/errors";
import { loadVersion } from "@/lib/services/models/manage-versions";
import { parseInput } from "@/lib/services/validate";
import { formatInZone } from "@/lib/format";
import { cronProblem, describeCron, nextFireTimes, timezoneProblem } from "./cron";
import { checkRunSettings } from "./run-settings";
import { CreateScheduleInput, UpdateScheduleInput } from "./schemas";

export const FiringDto = z.strictObject({
  id: z.number(),
  scheduledAt: IsoTimestamp,
  firedAt: IsoTimestamp,
  trigger: z.string(),
  outcome: z.string(),
  message: z.string().nullable(),
  runIds: z.array(z.number()),
  batchId: z.number().nullable(),
});
export type FiringDto = z.infer<typeof FiringDto>;

export const ScheduleDto = z.strictObject({
  id: z.number(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  description: z.string().describe("human-readable cadence"),
  enabled: z.boolean(),
  overlap: z.enum(["skip", "queue"]),
  misfire: z.enum(["skip", "run_once"]),
  target: ScheduleTarget,
  owner: PersonRef.nullable(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
  nextFireTimes: z.array(z.strictObject({ at: IsoTimestamp, local: z.string() })),
  lastFiring: FiringDto.nullable(),
});
export type ScheduleDto = z.infer<typeof ScheduleDto>;

export const ScheduleDetailDto = ScheduleDto.extend({ deleted: z.boolean() });
export type ScheduleDetailDto = z.infer<typeof ScheduleDetailDto>;

export const FiringPageDto = z.strictObject({ items: z.array(FiringDto), nextCursor: z.number().nullable() });
export type FiringPageDto = z.infer<typeof FiringPageDto>;

export const toFiringDto = (f: ScheduleFiring): FiringDto => ({
  id: f.id,
  scheduledAt: f.scheduledAt.toISOString(),
  firedAt: f.firedAt.toISOString(),
  trigger: f.trigger,
  outcome: f.outcome,
  message: f.message,
  runIds: f.runIds,
  batchId: f.batchId,
});

/** The latest firing (by slot) of each schedule, in one query however many schedules a page lists. */
function lastFirings(db: DB, scheduleIds: number[]): Map<number, ScheduleFiring> {
  if (scheduleIds.length === 0) return new Map();
  const rows = db
    .select()
    .from(scheduleFirings)
    .where(
      and(
        inArray(scheduleFirings.scheduleId, scheduleIds),
        // Correlated on the (schedule, slot) unique index: one index seek per schedule, not a scan of its history.
        sql`${scheduleFirings.scheduledAt} = (select max(f.scheduled_at) from schedule_firings f where f.schedule_id = ${scheduleFirings.scheduleId})`,
      ),
    )
    .all();
  return new Map(rows.map((firing) => [firing.scheduleId, firing]));
}

function toDto(s: Schedule, ownerName: string | null, last: ScheduleFiring | undefined): ScheduleDto {
  return {
    id: s.id,
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    description: describeCron(s.cron, s.timezone),
    enabled: s.enabled,
    overlap: s.overlap,
    misfire: s.misfire,
    target: s.target,
    owner: s.ownerId ? { id: s.ownerId, name: ownerName ?? "unknown" } : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    nextFireTimes: s.enabled ? nextFireTimes(s.cron, s.timezone, 5).map((d) => ({ at: d.toISOString(), local: formatInZone(d, s.timezone) })) : [],
    lastFiring: last ? toFiringDto(last) : null,
  };
}

/**
 * Checks, when the schedule is saved, that every version of the target exists (it may be archived later; firings say
 * so) and that its run settings — parameters and executor — are ones createRun will accept.
 */
function checkTarget(db: DB, ctx: ServiceContext, target: Schedule["target"]): void {
  for (const id of target.modelVersionIds) loadVersion(db, id);
  checkRunSettings({ db, ctx, params: target.params, path: "target.params" });
}

export function createSchedule({ db, ctx, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; input: unknown; publisher?: Publisher }): ScheduleDto {
  const actor = authorize(ctx, can.launchRun);
  const data = parseInput(CreateScheduleInput, input);
  checkTarget(db, ctx, data.target);
  const row = db.transaction((tx) => {
    const inserted = tx.insert(schedules).values({ ...data, ownerId: actor.id }).returning().get();
    writeAudit(tx, ctx, { action: "schedule.create", targetType: "schedule", targetId: inserted.id, detail: { name: data.name, cron: data.cron, timezone: data.timezone } });
    return inserted;
  });
  publisher.wakeWorker();
  return toDto(row, actor.name, undefined);
}

function loadOwned(db: DB, ctx: ServiceContext, scheduleId: number): Schedule {
  const row = db.select().from(schedules).where(and(eq(schedules.id, scheduleId), isNull(schedules.deletedAt))).get();
  if (!row) throw new NotFoundError(`Schedule ${scheduleId}`);
  authorize(ctx, can.manageSchedule, { createdById: row.ownerId });
  return row;
}

/** Edits, pauses or resumes a schedule (owner or admin); the sidecar picks it up within seconds. */
export function updateSchedule({ db, ctx, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; input: unknown; publisher?: Publisher }): ScheduleDto {
  const { scheduleId, ...changes } = parseInput(UpdateScheduleInput, input);
  const current = loadOwned(db, ctx, scheduleId);
  const merged = { ...current, ...changes };
  // cron and timezone are validated together: a new zone may make the old expression mean something else.
  parseInput(CreateScheduleInput, { name: merged.name, cron: merged.cron, timezone: merged.timezone, target: merged.target, overlap: merged.overlap, misfire: merged.misfire, enabled: merged.enabled });
  if (changes.target) checkTarget(db, ctx, changes.target);
  // Pause and resume are named only when they happen: sending enabled=true to a running schedule resumes nothing.
  const action = changes.enabled === false && current.enabled ? "schedule.pause" : changes.enabled === true && !current.enabled ? "schedule.resume" : "schedule.update";
  const row = db.transaction((tx) => {
    const updated = tx.update(schedules).set({ ...changes, updatedAt: new Date() }).where(eq(schedules.id, scheduleId)).returning().get();
    writeAudit(tx, ctx, { action, targetType: "schedule", targetId: scheduleId, detail: changes });
    return updated;
  });
  publisher.wakeWorker();
  const owner = row.ownerId ? db.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId)).get() : undefined;
  return toDto(row, owner?.name ?? null, lastFirings(db, [row.id]).get(row.id));
}

/** Deletes a schedule; its firings stay as history. */
export function deleteSchedule({ db, ctx, scheduleId, publisher = webPublisher }: { db: DB; ctx: ServiceContext; scheduleId: unknown; publisher?: Publisher }): void {
  const id = parseInput(z.coerce.number().int().positive(), scheduleId);
  loadOwned(db, ctx, id);
  db.transaction((tx) => {
    tx.update(schedules).set({ deletedAt: new Date(), enabled: false, updatedAt: new Date() }).where(eq(schedules.id, id)).run();
    writeAudit(tx, ctx, { action: "schedule.delete", targetType: "schedule", targetId: id });
  });
  publisher.wakeWorker();
}

export function listSchedules({ db, ctx }: { db: DB; ctx: ServiceContext }): ScheduleDto[] {
  requireActor(ctx);
  const rows = db.select({ s: schedules, ownerName: users.name }).from(schedules).leftJoin(users, eq(users.id, schedules.ownerId)).where(isNull(schedules.deletedAt)).orderBy(schedules.name).all();
  const last = lastFirings(db, rows.map((r) => r.s.id));
  return rows.map((r) => toDto(r.s, r.ownerName, last.get(r.s.id)));
}

export function getSchedule({ db, ctx, scheduleId }: { db: DB; ctx: ServiceContext; scheduleId: unknown }): ScheduleDetailDto {
  requireActor(ctx);
  const id = parseInput(z.coerce.number({ error: "schedule id must be a number" }).int().positive(), scheduleId);
  const row = db.select({ s: schedules, ownerName: users.name }).from(schedules).leftJoin(users, eq(users.id, schedules.ownerId)).where(eq(schedules.id, id)).get();
  if (!row) throw new NotFoundError(`Schedule ${id}`);
  return { ...toDto(row.s, row.ownerName, lastFirings(db, [id]).get(id)), deleted: row.s.deletedAt !== null };
}

export function listFirings({ db, ctx, scheduleId, input = {} }: { db: DB; ctx: ServiceContext; scheduleId: unknown; input?: unknown }): FiringPageDto {
  const schedule = getSchedule({ db, ctx, scheduleId });
  const q = parseInput(z.object({ cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), input);
  const rows = db
    .select()
    .from(scheduleFirings)
    .where(eq(scheduleFirings.scheduleId, schedule.id))
    .orderBy(desc(scheduleFirings.id))
    .all()
    .filter((f) => !q.cursor || f.id < q.cursor)
    .slice(0, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(toFiringDto), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

/** Live validation for the schedule form: what the cadence means and when it fires next, or what is wrong. */
export function previewSchedule(input: { cron: unknown; timezone: unknown }): { ok: true; description: string; next: Array<{ at: string; local: string }> } | { ok: false; fields: Record<string, string> } {
  const cron = typeof input.cron === "string" ? input.cron : "";
  const timezone = typeof input.timezone === "string" ? input.timezone : "";
  const fields: Record<string, string> = {};
  const cronError = cronProblem(cron);
  if (cronError) fields.cron = cronError;
  const tzError = timezoneProblem(timezone);
  if (tzError) fields.timezone = tzError;
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, description: describeCron(cron, timezone), next: nextFireTimes(cron, timezone, 5).map((d) => ({ at: d.toISOString(), local: formatInZone(d, timezone) })) };
}
