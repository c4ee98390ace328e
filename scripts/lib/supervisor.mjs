import { spawn } from "node:child_process";
import { createLogger } from "../../lib/log.mjs";
import { ROOT } from "./ensure.mjs";

const WORKER_MAX_BACKOFF_MS = 30_000;
// A worker that stayed up this long was healthy; its next crash starts the backoff again from 1 s.
const WORKER_HEALTHY_AFTER_MS = 60_000;
const STOP_GRACE_MS = 20_000;

const log = createLogger("supervisor");

/**
 * Runs the web process and the worker: restarts the worker when it dies (with backoff), forwards SIGINT/SIGTERM to
 * both and exits once both stopped. If the web process dies, everything stops (the user sees the error and exit code).
 */
export function supervise({ web, worker, env = {} }) {
  const childEnv = { ...process.env, ...env };
  let stopping = false;
  let webChild = null;
  let workerChild = null;
  let backoff = 1000;

  const start = (args, name) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: "inherit" });
    child.startedAt = Date.now();
    child.label = name;
    log.info(`started the ${name} process (pid ${child.pid})`);
    return child;
  };

  const startWorker = () => {
    const child = start(worker, "worker");
    workerChild = child;
    child.on("exit", (code, signal) => {
      workerChild = null;
      if (stopping) return maybeExit();
      if (Date.now() - child.startedAt >= WORKER_HEALTHY_AFTER_MS) backoff = 1000;
      log.error(`worker exited (${signal ?? `code ${code}`}); restarting in ${backoff / 1000}s`);
      setTimeout(() => !stopping && startWorker(), backoff);
      backoff = Math.min(backoff * 2, WORKER_MAX_BACKOFF_MS);
    });
  };

  let exitCode = 0;
  const maybeExit = () => {
    if (!webChild && !workerChild) process.exit(exitCode);
  };

  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping the web process and the worker (${signal})`);
    for (const child of [webChild, workerChild]) child?.kill(signal);
    setTimeout(() => {
      for (const child of [webChild, workerChild]) child?.kill("SIGKILL");
      process.exit(exitCode || 1);
    }, STOP_GRACE_MS).unref();
    maybeExit();
  };

  webChild = start(web, "web");
  webChild.on("exit", (code, signal) => {
    webChild = null;
    if (!stopping) {
      exitCode = code ?? 1;
      log.error(`web process exited (${signal ?? `code ${code}`}); stopping`);
      stopAll("SIGTERM");
    }
    maybeExit();
  });
  startWorker();

  process.on("SIGINT", () => stopAll("SIGINT"));
  process.on("SIGTERM", () => stopAll("SIGTERM"));
}
