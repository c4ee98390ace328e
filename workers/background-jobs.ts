import type { DB } from "../db/client";
import type { Publisher } from "../lib/realtime/events";
import { pruneAuditLog } from "../lib/services/audit/prune-audit-log";
import { defaultSenders, processDueDeliveries } from "../lib/services/notifications/deliver";
import { processFinishedRuns } from "../lib/services/runs/worker/process-finished-runs";
import { Scheduler } from "./scheduler";

const INTERVAL_MS = 2_000;
/** Audit entries past the retention setting are pruned at start and then once a day. */
const AUDIT_PRUNE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The worker's jobs besides the run queue: the node-cron scheduler, after-run hooks (notifications, regressions,
 * batches), outgoing deliveries (webhooks, e-mail) and the audit log's daily pruning. Each step is guarded: one
 * failing never stops the others.
 */
export class BackgroundJobs {
  private readonly scheduler: Scheduler;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private auditPrunedAt = 0;

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
    if (Date.now() - this.auditPrunedAt >= AUDIT_PRUNE_INTERVAL_MS) {
      this.auditPrunedAt = Date.now();
      try {
        const { deleted } = pruneAuditLog(db);
        if (deleted) log(`audit log: pruned ${deleted} entries older than the retention setting`);
      } catch (error) {
        log(`audit log pruning failed: ${(error as Error).message}`);
      }
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
