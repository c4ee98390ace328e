import { expect, it } from "vitest";
import { runs, scheduleFirings, type RunStatus } from "@/db/schema";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { listRunStatuses } from "@/lib/services/runs/list-run-statuses";
import { createSchedule, getSchedule, listSchedules } from "@/lib/services/schedules/manage-schedules";
import { countStatements } from "../../helpers/count-statements";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";

const STATUSES: RunStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

/** `count` schedules, each fired twice (an older and a newer slot), each firing with three runs of mixed statuses. */
function schedulesWithFirings(count: number) {
  const db = freshDb();
  const owner = insertUser(db, "member");
  const stranger = insertUser(db, "member");
  const ctx = ctxFor(owner);
  const publisher = new RecordingPublisher();
  const model = createModel({ db, ctx, input: { name: "m" } });
  const version = createVersion({ db, ctx, input: { modelId: model.id, label: "v1", backend: "standin" }, publisher });
  const latestRunIds = new Map<number, number[]>();
  const privateRunIds = new Set<number>();
  for (let i = 0; i < count; i++) {
    const schedule = createSchedule({ db, ctx, input: { name: `s${String(i).padStart(3, "0")}`, cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } }, publisher });
    for (const [slot, day] of [["older", 1], ["newer", 2]] as const) {
      const ids = [0, 1, 2].map((k) => {
        // One run per newer firing is someone else's private run: its status must not be shown.
        const hidden = slot === "newer" && k === 2;
        const run = db
          .insert(runs)
          .values({ status: STATUSES[(i + k) % STATUSES.length], model: "standin", tasks: ["mme"], params: {}, createdById: hidden ? stranger.id : owner.id, visibility: hidden ? "private" : "team" })
          .returning()
          .get();
        if (hidden) privateRunIds.add(run.id);
        return run.id;
      });
      db.insert(scheduleFirings).values({ scheduleId: schedule.id, scheduledAt: new Date(Date.UTC(2026, 0, day, 2)), firedAt: new Date(), trigger: "cron", outcome: "started", runIds: ids }).run();
      if (slot === "newer") latestRunIds.set(schedule.id, ids);
    }
  }
  return { db, ctx, latestRunIds, privateRunIds };
}

/** What the schedules page does: the list, then the statuses of the runs its last firings link to. */
function schedulesPage(db: ReturnType<typeof freshDb>, ctx: ReturnType<typeof ctxFor>) {
  const schedules = listSchedules({ db, ctx });
  return { schedules, statuses: listRunStatuses({ db, ctx, runIds: schedules.flatMap((s) => s.lastFiring?.runIds ?? []) }) };
}

it("the schedules list with its runs' statuses takes the same few statements for 3 schedules as for 60", () => {
  const small = schedulesWithFirings(3);
  const large = schedulesWithFirings(60);
  const few = countStatements(small.db, () => schedulesPage(small.db, small.ctx));
  const many = countStatements(large.db, () => schedulesPage(large.db, large.ctx));
  expect(many.statements.length).toBe(few.statements.length);
  expect(many.statements.length).toBeLessThanOrEqual(3);

  const { schedules, statuses } = many.result;
  expect(schedules).toHaveLength(60);
  for (const s of schedules) {
    expect(s.lastFiring?.scheduledAt).toBe("2026-01-02T02:00:00.000Z");
    expect(s.lastFiring?.runIds).toEqual(large.latestRunIds.get(s.id));
  }
  // Every visible run of the last firings has its status; the private run of another member has none.
  const visible = [...large.latestRunIds.values()].flat().filter((id) => !large.privateRunIds.has(id));
  expect(large.privateRunIds.size).toBe(60);
  expect([...statuses.keys()].sort((a, b) => a - b)).toEqual(visible.sort((a, b) => a - b));
  const stored = new Map(large.db.select({ id: runs.id, status: runs.status }).from(runs).all().map((r) => [r.id, r.status]));
  for (const [id, status] of statuses) expect(status).toBe(stored.get(id));

  // One schedule's page reads its own last firing the same way.
  const one = getSchedule({ db: large.db, ctx: large.ctx, scheduleId: schedules[5].id });
  expect(one.lastFiring).toEqual(schedules[5].lastFiring);
});
