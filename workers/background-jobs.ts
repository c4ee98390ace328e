import type { DB } from "../db/client";
import type { Publisher } from "../lib/realtime/events";
import { defaultSenders, processDueDeliveries } from "../lib/services/notifications/deliver";
import { processFinishedRuns } from "../lib/services/runs/worker/process-finished-runs";
import { Scheduler } from "./scheduler";

const INTERVAL_MS = 2_000;

/**
 * The worker's jobs besides the run queue: the node-cron scheduler, after-run hooks (notifications, regressions,
 * batches) and outgoing deliveries (webhooks, e-mail). Each step is guarded: one failing never stops the others.
 */
export class BackgroundJobs {
  private readonly scheduler: Scheduler;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly opts: { db: DB; publisher: Publisher; log: (message: string) => void; encryptionKey: Buffer }) {
    this.scheduler = new Scheduler(opts);
  }

  start(): void {
    this.scheduler.start();
    this.timer = setInterval(() => this.wake(), INTERVAL_MS);
  }

  wake(): void {
    if (this.busy) return;
    this.busy = true;
    void this.step().finally(() => (this.busy = false));
  }

  private async step(): Promise<void> {
    const { db, publisher, log } = this.opts;
    try {
      this.scheduler.reload();
    } catch (error) {
      log(`scheduler reload failed: ${(error as Error).message}`);
    }
    try {
      processFinishedRuns(db, publisher, log);
    } catch (error) {
      log(`after-run hooks failed: ${(error as Error).message}`);
    }
    try {
      await processDueDeliveries(db, { senders: defaultSenders(db), encryptionKey: this.opts.encryptionKey });
    } catch (error) {
      log(`deliveries failed: ${(error as Error).message}`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.scheduler.stop();
  }
}
