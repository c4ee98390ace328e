import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import type { ExecutionExit, ExecutionSpec, ExecutionStreams, Executor, StartedExecution } from "./executor";
import { groupExists, signalGroup } from "./process-group";

/** After the main process exits, how long its stdio may stay open (held by grandchildren) before we stop waiting. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Spawns lmms-eval from an argv array (never a shell) in its own process group (`detached`), so a stop reaches every
 * process it started and nothing outlives the run: after the leader exits, whatever is left of the group is killed.
 */
export const localExecutor: Executor = {
  start(spec: ExecutionSpec, streams: ExecutionStreams): StartedExecution {
    const child = spawn(spec.argv[0], spec.argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pgid = child.pid ?? null;
    child.stdout.on("data", (chunk: Buffer) => streams.onData("stdout", chunk));
    child.stderr.on("data", (chunk: Buffer) => streams.onData("stderr", chunk));

    const done = new Promise<ExecutionExit>((resolve) => {
      let startError: string | null = null;
      child.once("error", (error) => {
        startError = error.message;
        // A failed spawn emits no 'exit'; 'close' still follows.
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        child.once("exit", (code, signal) => r({ code, signal })),
      );
      const closed = new Promise<void>((r) => child.once("close", () => r()));
      void (async () => {
        const first = await Promise.race([exited.then((e) => ({ kind: "exit" as const, ...e })), closed.then(() => ({ kind: "close" as const }))]);
        if (first.kind === "close" && startError) return resolve({ exitCode: null, signal: null, startError });
        const { code, signal } = first.kind === "exit" ? first : await exited;
        // Reap the rest of the group: nothing the run started may survive it.
        if (pgid && groupExists(pgid)) signalGroup(pgid, "SIGKILL");
        await Promise.race([closed, delay(DRAIN_TIMEOUT_MS)]);
        resolve({ exitCode: code, signal, startError });
      })();
    });

    let stopping: Promise<void> | null = null;
    return {
      pid: pgid,
      done,
      stop({ interruptMs, terminateMs }) {
        stopping ??= (async () => {
          if (!pgid) return;
          const finished = done.then(() => true);
          // SIGINT lets lmms-eval run its `finally` blocks; SIGTERM and SIGKILL follow if it does not stop.
          for (const [signal, waitMs] of [["SIGINT", interruptMs], ["SIGTERM", terminateMs], ["SIGKILL", 0]] as const) {
            if (!signalGroup(pgid, signal)) return;
            if (waitMs === 0) return;
            if (await Promise.race([finished, delay(waitMs).then(() => false)])) return;
          }
        })();
        return stopping;
      },
    };
  },
};
