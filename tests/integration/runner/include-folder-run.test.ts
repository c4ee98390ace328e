import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { runMetrics, runs } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { createRun } from "@/lib/services/runs/create-run";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();
const TOY_QA = path.resolve(import.meta.dirname, "../../fixtures/lmms-eval/B_dummy_offline_toy/my_tasks/toy_qa");

describe("a task from a configured include folder, from the catalogue to a finished run", () => {
  const dataDir = tempDir("include-run-");
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("the run gets the folder as its --include_path and lmms-eval finds the task", async () => {
    const folder = path.join(dataDir, "team_tasks");
    fs.cpSync(TOY_QA, path.join(folder, "toy_qa"), { recursive: true });
    const db = freshDb();
    const member = insertUser(db, "member");
    const publisher = new RecordingPublisher();
    const config = testRunConfig(path.join(dataDir, "runs"), { includePaths: [folder] });
    await refreshTaskCatalogue({ db, ctx: ctxFor(member), command: STANDIN_COMMAND, includePaths: [folder] });

    // The launch names only the task, as the picker does: createRun adds the task's folder as --include_path.
    const run = await createRun({ db, ctx: ctxFor(member), input: { model: "dummy", modelArgs: "response=A", tasks: ["toy_qa"] }, deps: config, publisher });
    expect(run.commandPreview).toContain(`--include_path ${folder}`);
    expect(run.params.includePath).toBe(folder);

    const runner = testRunner({ db, config, publisher, stopGrace: { interruptMs: 500, terminateMs: 500 } });
    runner.start();
    await publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === run.id && (e.payload as { status: string }).status !== "running" && (e.payload as { status: string }).status !== "queued", 30_000);
    await runner.stop("test over");
    expect(db.select().from(runs).where(eq(runs.id, run.id)).get()).toMatchObject({ status: "succeeded" });
    expect(db.select().from(runMetrics).where(eq(runMetrics.runId, run.id)).all().map((m) => m.task)).toContain("toy_qa");
  });
});
