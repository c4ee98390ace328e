import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLogs, runs, type Run } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun } from "@/lib/services/runs/create-run";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();

// Short grace periods keep the test fast; the escalation logic is the same at CANCEL_GRACE_SECONDS=10.
const GRACE = { interruptMs: 400, terminateMs: 400 };
/** Spawning, signal delivery and the DB write of the final state, on a loaded 2-CPU machine. */
const SLACK_MS = 2500;

/**
 * Is the process still running? A zombie is dead: orphans here are re-parented to a PID 1 that never reaps them
 * (a container without an init), so the kernel keeps their entries after SIGKILL.
 */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Live (non-zombie) members of a process group, from /proc (field 5 of stat is the pgid). */
function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return members;
}

describe.skipIf(process.platform !== "linux")("cancel escalates SIGINT → SIGTERM → SIGKILL when lmms-eval does not stop", () => {
  const db = freshDb();
  const dataDir = tempDir("cancel-escalation-");
  const config = testRunConfig(path.join(dataDir, "runs"));
  const publisher = new RecordingPublisher();
  const member = insertUser(db, "member");
  const runner = testRunner({ db, config, publisher, maxConcurrentRuns: 2, stopGrace: GRACE });
  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop("test over");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const finished = async (runId: number): Promise<Run> => {
    await publisher.waitFor(
      (e) => e.event === EVENTS.runUpdated && (e.payload as { id: number }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status),
      30_000,
    );
    return db.select().from(runs).where(eq(runs.id, runId)).get()!;
  };

  /** Starts a run of the scenario and waits until its engine worker (which ignores SIGINT and SIGTERM) is up. */
  async function startStubbornRun(scenario: string): Promise<{ run: Run; pgid: number; enginePid: number }> {
    // delay=0.5 s per request: left alone it would still be running long after the test's deadline.
    const run = await createRun({ db, ctx: ctxFor(member), input: { model: "standin", modelArgs: `pretrained=org/tiny,scenario=${scenario},delay=0.5`, tasks: ["mme"] }, deps: config, publisher });
    runner.wake();
    const engineLine = /Engine worker started \(pid (\d+), process group (\d+)\)/;
    await publisher.waitFor((e) => e.event === EVENTS.runLogs && e.room === `run:${run.id}` && (e.payload as { lines: Array<{ text: string }> }).lines.some((l) => engineLine.test(l.text)), 20_000);
    const text = db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all().map((l) => l.text).join("\n");
    const [, enginePid, enginePgid] = engineLine.exec(text)!.map(Number);
    const pgid = db.select().from(runs).where(eq(runs.id, run.id)).get()!.pid!;
    // The engine shares lmms-eval's process group (the executor spawned lmms-eval as the group's leader).
    expect(enginePgid).toBe(pgid);
    expect(liveGroupMembers(pgid).sort()).toEqual([pgid, enginePid].sort());
    return { run, pgid, enginePid };
  }

  function cancel(runId: number): number {
    cancelRun({ db, ctx: ctxFor(member), input: { runId }, publisher });
    const at = Date.now();
    runner.wake();
    return at;
  }

  it("SIGINT ignored: SIGTERM after the first grace period ends lmms-eval; its engine is killed with the group", async () => {
    const { run, pgid, enginePid } = await startStubbornRun("ignore_sigint");
    const cancelledAt = cancel(run.id);
    const done = await finished(run.id);
    const elapsed = Date.now() - cancelledAt;

    expect(done).toMatchObject({ status: "cancelled", reason: "Cancelled by user", exitSignal: "SIGTERM" });
    expect(elapsed).toBeGreaterThanOrEqual(GRACE.interruptMs);
    expect(elapsed).toBeLessThan(GRACE.interruptMs + GRACE.terminateMs + SLACK_MS);
    expect(running(pgid)).toBe(false);
    expect(running(enginePid)).toBe(false);
    expect(liveGroupMembers(pgid)).toEqual([]);
  });

  it("SIGINT and SIGTERM ignored: SIGKILL after both grace periods; nothing of the group survives", async () => {
    const { run, pgid, enginePid } = await startStubbornRun("ignore_sigterm");
    const cancelledAt = cancel(run.id);
    const done = await finished(run.id);
    const elapsed = Date.now() - cancelledAt;

    expect(done).toMatchObject({ status: "cancelled", reason: "Cancelled by user", exitSignal: "SIGKILL" });
    expect(elapsed).toBeGreaterThanOrEqual(GRACE.interruptMs + GRACE.terminateMs);
    expect(elapsed).toBeLessThan(GRACE.interruptMs + GRACE.terminateMs + SLACK_MS);
    expect(running(pgid)).toBe(false);
    expect(running(enginePid)).toBe(false);
    expect(liveGroupMembers(pgid)).toEqual([]);
  });
});
