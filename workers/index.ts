import os from "node:os";
import { getDb } from "../db/client";
import { getConfigOrExit } from "../lib/config";
import { EVENTS, rooms } from "../lib/realtime/events";
import { beat, HEARTBEAT_INTERVAL_MS, removeHeartbeat } from "./heartbeat";
import { connectPublisher } from "./publisher";

/**
 * The sidecar process: owns the run queue and (later) the scheduler. It never needs the web process to be up: it
 * writes state to the DB first and publishes events second.
 */
function log(message: string): void {
  console.log(`[worker] ${message}`);
}

async function main(): Promise<void> {
  const config = getConfigOrExit();
  const db = getDb();
  const workerId = `${os.hostname()}:${process.pid}`;
  const startedAt = new Date();
  const publisher = connectPublisher({ port: config.port, secret: config.internalSecret, log });

  const heartbeat = () => {
    beat(db, workerId, startedAt, { maxConcurrentRuns: config.maxConcurrentRuns });
    publisher.publish(rooms.runs, EVENTS.workerHeartbeat, { workerId, at: Date.now() });
  };
  heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);
  log(`started (pid ${process.pid}, database ${config.databasePath})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    clearInterval(timer);
    removeHeartbeat(db, workerId);
    publisher.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error("[worker] failed:", error);
  process.exit(1);
});
