import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, openDatabase } from "@/db/client";
import { runs } from "@/db/schema";
import { parseConfig } from "@/lib/config";
import { createRun } from "@/lib/services/runs/create-run";
import { groupExists } from "@/workers/runner/process-group";
import { ctxFor, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_PYTHONPATH, tempDir } from "../../helpers/standin";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const dataDir = tempDir("worker-restart-");
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: "1", // no web process in this test: the worker must not need one
  LMMS_EVAL_CMD: "python3 -m lmms_eval",
  PYTHONPATH: STANDIN_PYTHONPATH,
  PYTHONDONTWRITEBYTECODE: "1",
};
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env, stdio: "ignore" });
  workers.push(child);
  return child;
}

async function until<T>(read: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const w of workers) w.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("kill the worker mid-run → restart → the run is marked interrupted and no child survives", async () => {
  const config = parseConfig(env, ROOT);
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  const member = insertUser(db, "member");
  const run = await createRun({
    db,
    ctx: ctxFor(member),
    input: { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.5", tasks: ["mme"] },
    deps: config,
    publisher: new RecordingPublisher(),
  });

  const first = startWorker();
  const pid = await until(() => {
    const row = db.select().from(runs).where(eq(runs.id, run.id)).get();
    return row?.status === "running" && row.pid;
  });
  expect(groupExists(pid)).toBe(true);

  // SIGKILL: no chance to clean up. lmms-eval lives on in its own process group, now an orphan.
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  expect(groupExists(pid)).toBe(true);

  startWorker();
  const ended = await until(() => {
    const row = db.select().from(runs).where(eq(runs.id, run.id)).get();
    return row?.status !== "running" && row;
  });
  expect(ended).toMatchObject({ status: "failed", failureKind: "interrupted" });
  expect(ended.reason).toMatch(/^Interrupted: the worker stopped while this run was running/);
  await until(() => !groupExists(pid), 5_000);
  expect(execFileSync("ps", ["-eo", "pid,pgid,args"], { encoding: "utf8" }).split("\n").some((l) => l.includes(`LMMS`) && l.includes(String(pid)))).toBe(false);
  db.$client.close();
});
