import os from "node:os";
import { getDb } from "../lib/db";
import { getConfigOrExit } from "../lib/config";
import { stampProcessOutput } from "../lib/log.mjs";
import { EVENTS, rooms } from "../lib/realtime/events";
import { connectPublisher } from "./publisher";
import { localExecutor } from "./runner/local-executor";
import { BackgroundJobs } from "./background-jobs";
import { Runner } from "./runner/runner";
import { purgeStaleIngests } from "../lib/services/results/ingest-run-files";
import { buildMissingSearchIndexes } from "../lib/services/results/search-index";
import { HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat } from "../lib/services/system/worker-heartbeat";
import { catalogueRefreshReason, refreshTaskCatalogue } from "../lib/services/tasks/refresh-task-catalogue";

/**
 * The sidecar process: owns the run queue and (later) the scheduler. It never needs the web process to be up: it
 * writes state to the DB first and publishes events second.
 */
const { info: log, error: logError } = stampProcessOutput("worker");

async function main(): Promise<void> {
  const config = getConfigOrExit();
  const db = getDb();
  const workerId = `${os.hostname()}:${process.pid}`;
  const startedAt = new Date();
  let runner: Runner | null = null;
  let background: BackgroundJobs | null = null;
  const publisher = connectPublisher({
    port: config.port,
    secret: config.internalSecret,
    log,
    onWake: () => {
      runner?.wake();
      background?.wake();
    },
  });

  const heartbeat = () => {
    recordWorkerHeartbeat(db, { workerId, startedAt, info: { maxConcurrentRuns: config.maxConcurrentRuns, activeRuns: runner?.activeRunIds ?? [] } });
    publisher.publish(rooms.runs, EVENTS.workerHeartbeat, { workerId, at: Date.now() });
  };
  heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);

  runner = new Runner({
    db,
    config,
    publisher,
    executor: localExecutor,
    log,
    workerId,
    maxConcurrentRuns: config.maxConcurrentRuns,
    gpuSlots: config.gpuSlots,
    stopGrace: { interruptMs: config.cancelGraceSeconds * 1000, terminateMs: config.cancelGraceSeconds * 1000 },
  });
  const purged = purgeStaleIngests(db);
  if (purged) log(`removed ${purged} unfinished ingest(s) left by a crash`);
  // In the background: after an upgrade every index is rebuilt, which must not hold back queued runs.
  void buildMissingSearchIndexes(db)
    .then((reindexed) => reindexed && log(`built ${reindexed} missing search index(es)`))
    .catch((error) => log(`building missing search indexes failed: ${(error as Error).message}`));
  runner.start();
  // First start (or new include folders): fill the task catalogue so the new-run form has something to offer (a
  // refresh button updates it).
  const refreshReason = catalogueRefreshReason(db, config.lmmsEvalIncludePaths);
  if (refreshReason) {
    log(`refreshing the task catalogue: ${refreshReason}`);
    void refreshTaskCatalogue({ db, ctx: { actor: null, via: "worker" }, command: config.lmmsEvalCommand, includePaths: config.lmmsEvalIncludePaths })
      .then((meta) => log(`task catalogue: ${meta.count} entries (${meta.method})${meta.error ? `; ${meta.error}` : ""}`))
      .catch((error) => log(`task catalogue refresh failed: ${(error as Error).message}`));
  }
  background = new BackgroundJobs({ db, publisher, log, encryptionKey: config.encryptionKey });
  background.start();
  log(`started (pid ${process.pid}, database ${config.databasePath}, up to ${config.maxConcurrentRuns} concurrent run(s))`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    clearInterval(timer);
    background?.stop();
    await runner?.stop(`Interrupted: the dashboard's worker was stopped (${signal}) while this run was running. Re-run it to start over.`);
    removeWorkerHeartbeat(db, workerId);
    publisher.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  logError("failed:", error);
  process.exit(1);
});
