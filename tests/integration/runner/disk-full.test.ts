import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { runs, type Run } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { createRun } from "@/lib/services/runs/create-run";
import { describeStorageError, openConsoleLog, type OpenConsoleLog } from "@/workers/runner/console-log";
import { groupExists } from "@/workers/runner/process-group";
import type { Runner } from "@/workers/runner/runner";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();

// Linux's /dev/full accepts open() and fails every write with ENOSPC: a full disk without filling one.
const DEV_FULL = "/dev/full";

type Harness = { db: DB; runner: Runner; publisher: RecordingPublisher; config: ReturnType<typeof testRunConfig>; member: ReturnType<typeof insertUser>; logs: string[] };
const started: Harness[] = [];

function harness(openConsole?: OpenConsoleLog): Harness {
  const db = freshDb();
  const config = testRunConfig(path.join(tempDir("disk-full-"), "runs"));
  const publisher = new RecordingPublisher();
  const logs: string[] = [];
  const runner = testRunner({ db, config, publisher, log: (message) => logs.push(message), openConsole });
  const h = { db, runner, publisher, config, member: insertUser(db, "member"), logs };
  started.push(h);
  return h;
}

afterEach(async () => {
  for (const h of started.splice(0)) await h.runner.stop("test over");
});

async function launch(h: Harness, input: Record<string, unknown>): Promise<Run> {
  return createRun({ db: h.db, ctx: ctxFor(h.member), input, deps: h.config, publisher: h.publisher });
}

async function finished(h: Harness, runId: number): Promise<Run> {
  await h.publisher.waitFor(
    (e) => e.event === EVENTS.runUpdated && (e.payload as { id: number }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status),
    30_000,
  );
  return h.db.select().from(runs).where(eq(runs.id, runId)).get()!;
}

describe("a full disk under DATA_DIR fails the run, not the worker", () => {
  it.skipIf(!fs.existsSync(DEV_FULL))("console.log on a full disk from the first line: the run fails before lmms-eval starts; the next run succeeds", async () => {
    const h = harness();
    const doomed = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 2 });
    const next = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 2 });
    const runDir = path.join(h.config.runsDir, String(doomed.id));
    fs.mkdirSync(runDir, { recursive: true });
    fs.symlinkSync(DEV_FULL, path.join(runDir, "console.log"));
    h.runner.start();

    const failed = await finished(h, doomed.id);
    expect(failed).toMatchObject({ status: "failed", failureKind: "storage_error", pid: null });
    expect(failed.reason).toMatch(/^The disk holding DATA_DIR is full: ENOSPC: no space left on device, write \(writing .*console\.log\); lmms-eval was not started\./);
    expect((await finished(h, next.id)).status).toBe("succeeded");
  });

  it.skipIf(!fs.existsSync(DEV_FULL))("the disk fills while lmms-eval runs: it is stopped, the run fails with that reason, the queue goes on", async () => {
    // The first run's command line goes to the real file; from lmms-eval's first output on, every write lands on
    // /dev/full. The disk has room again for the run after it.
    let opened = 0;
    const fillsUp: OpenConsoleLog = (file) => {
      const real = openConsoleLog(file);
      if (++opened > 1) return real;
      const full = openConsoleLog(DEV_FULL);
      let writes = 0;
      return {
        write: (text) => (++writes === 1 ? real.write(text) : full.write(text)),
        close: () => {
          real.close();
          full.close();
        },
      };
    };
    const h = harness(fillsUp);
    // delay=0.5 per request: without the stop it would run for ~8 s.
    const doomed = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.5", tasks: ["mme"] });
    const next = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 2 });
    h.runner.start();

    const failed = await finished(h, doomed.id);
    expect(failed).toMatchObject({ status: "failed", failureKind: "storage_error", exitSignal: "SIGINT" });
    expect(failed.reason).toMatch(/^The disk holding DATA_DIR is full: ENOSPC: .*; lmms-eval was stopped\. Free some space and re-run\.$/);
    expect(failed.pid).toBeGreaterThan(0);
    expect(groupExists(failed.pid!)).toBe(false);
    expect(fs.readFileSync(path.join(h.config.runsDir, String(doomed.id), "console.log"), "utf8")).toMatch(/^\[dashboard\] \$ /);
    expect(h.logs.some((l) => l.includes(`run #${doomed.id}: The disk holding DATA_DIR is full`))).toBe(true);
    expect((await finished(h, next.id)).status).toBe("succeeded");
  });

  it("console.log whose writes start failing (a FIFO whose reader goes away: EPIPE) stops the run with the OS error", async () => {
    // No injection: the worker's own file writer gets a real error from the kernel in the middle of the run.
    const h = harness();
    const doomed = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.5", tasks: ["mme"] });
    const next = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 2 });
    const runDir = path.join(h.config.runsDir, String(doomed.id));
    fs.mkdirSync(runDir, { recursive: true });
    const fifo = path.join(runDir, "console.log");
    execFileSync("mkfifo", [fifo]);
    // A reader must exist before the worker's open() of the FIFO for writing can return.
    const reader = new net.Socket({ fd: fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK), readable: true, writable: false });
    const firstWrite = new Promise<string>((resolve) => reader.once("data", (chunk) => resolve(chunk.toString())));
    h.runner.start();
    expect(await firstWrite).toMatch(/^\[dashboard\] \$ /);
    reader.destroy();

    const failed = await finished(h, doomed.id);
    expect(failed).toMatchObject({ status: "failed", failureKind: "storage_error" });
    expect(failed.reason).toMatch(/^Could not write .*console\.log in DATA_DIR: EPIPE.*; lmms-eval was stopped\./);
    expect(groupExists(failed.pid!)).toBe(false);
    expect((await finished(h, next.id)).status).toBe("succeeded");
  });

  it("other write errors keep the OS message and say where", () => {
    const eio = Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
    expect(describeStorageError(eio, "/data/runs/3/console.log")).toBe("Could not write /data/runs/3/console.log in DATA_DIR: EIO: i/o error, write");
    const quota = Object.assign(new Error("EDQUOT: disk quota exceeded, write"), { code: "EDQUOT" });
    expect(describeStorageError(quota, "/d/c.log")).toMatch(/^The disk quota of DATA_DIR is used up: EDQUOT/);
  });
});
