import cron, { type ScheduledTask } from "node-cron";
import type { DB } from "../db/client";
import type { Schedule } from "../db/schema";
import type { Publisher } from "../lib/realtime/events";
import { slotFor } from "../lib/services/schedules/cron";
import { fireMissedSlots, fireSchedule, listActiveSchedules } from "../lib/services/schedules/fire-schedule";

/** How often the sidecar re-reads schedules (creates, edits and pauses apply within this, or at once on a wake). */
const RELOAD_INTERVAL_MS = 2_000;

/**
 * The node-cron side of scheduling: one cron task per enabled schedule, rebuilt when schedules change. Each tick maps
 * to its nominal slot and calls fireSchedule, whose unique (schedule, slot) row makes double fires impossible even
 * with two workers. At start, schedules with the "run once" misfire policy fire their latest missed slot.
 */
export class Scheduler {
  private readonly tasks = new Map<number, { task: ScheduledTask; signature: string }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: { db: DB; publisher: Publisher; log: (message: string) => void }) {}

  start(): void {
    this.reload();
    void this.catchUpMisfires();
    this.timer = setInterval(() => this.reload(), RELOAD_INTERVAL_MS);
  }

  /** Applies schedule changes now (the web process nudges the worker after every create/edit/pause/delete). */
  reload(): void {
    const active = listActiveSchedules(this.opts.db);
    const seen = new Set<number>();
    for (const schedule of active) {
      seen.add(schedule.id);
      const signature = `${schedule.cron}|${schedule.timezone}|${schedule.updatedAt.getTime()}`;
      if (this.tasks.get(schedule.id)?.signature === signature) continue;
      this.tasks.get(schedule.id)?.task.destroy();
      const task = cron.schedule(schedule.cron, () => void this.tick(schedule), { timezone: schedule.timezone, name: `schedule-${schedule.id}` });
      this.tasks.set(schedule.id, { task, signature });
    }
    for (const [id, entry] of this.tasks) {
      if (!seen.has(id)) {
        entry.task.destroy();
        this.tasks.delete(id);
      }
    }
  }

  private async tick(schedule: Schedule): Promise<void> {
    const slot = slotFor(schedule.cron, schedule.timezone, new Date());
    if (!slot) return;
    try {
      const firing = await fireSchedule(this.opts.db, { scheduleId: schedule.id, scheduledAt: slot, trigger: "cron", publisher: this.opts.publisher });
      if (firing) this.opts.log(`schedule "${schedule.name}" fired for ${slot.toISOString()}: ${firing.outcome}${firing.message ? ` (${firing.message})` : ""}`);
    } catch (error) {
      this.opts.log(`schedule "${schedule.name}" could not fire: ${(error as Error).message}`);
    }
  }

  /** "Run once on start-up": the latest slot missed while the worker was down, if no firing covers it. */
  private async catchUpMisfires(): Promise<void> {
    try {
      for (const { schedule, slot, firing } of await fireMissedSlots(this.opts.db, { publisher: this.opts.publisher })) {
        this.opts.log(`schedule "${schedule.name}" missed ${slot.toISOString()} while the worker was down: fired once (${firing.outcome})`);
      }
    } catch (error) {
      this.opts.log(`missed schedule slots could not be fired: ${(error as Error).message}`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const { task } of this.tasks.values()) task.destroy();
    this.tasks.clear();
  }
}
