import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, runs } from "@/db/schema";
import { openJson } from "@/lib/crypto/secret-box";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun } from "@/lib/services/runs/create-run";
import { getRun } from "@/lib/services/runs/get-run";
import { listRuns, runListDetails } from "@/lib/services/runs/list-runs";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { syntheticRun } from "../../helpers/synthetic-run";
import { moveQueuedRun } from "@/lib/services/runs/move-queued-run";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();

describe("createRun and the queue", () => {
  const db = freshDb();
  const config = testRunConfig(tempDir("runs-svc-"));
  const publisher = new RecordingPublisher();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  const other = insertUser(db, "member");
  const viewer = insertUser(db, "viewer");
  const create = (actor: typeof member, input: Record<string, unknown>) => createRun({ db, ctx: ctxFor(actor), input, deps: config, publisher });

  beforeAll(async () => {
    const meta = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND });
    expect(meta).toMatchObject({ method: "scan", error: null });
  });

  it("the catalogue comes from the package's YAMLs, with groups, tags and backends", () => {
    const { items, models } = listTaskCatalogue({ db, ctx: ctxFor(viewer) });
    const byName = new Map(items.map((i) => [i.name, i]));
    expect(byName.get("mme")).toMatchObject({ kind: "task" });
    expect(byName.get("scienceqa_full")?.kind).toBe("group");
    expect(byName.get("scienceqa_full")?.members.length).toBeGreaterThan(1);
    expect(items.some((i) => i.kind === "tag")).toBe(true);
    expect(models.map((m) => m.name)).toContain("dummy");
  });

  it("queues a valid run: sealed env, masked preview, audit, events", async () => {
    const run = await create(member, {
      model: "openai",
      modelArgs: 'model=gpt-4o,base_url=http://127.0.0.1:9/v1,api_key=sk-abc123456',
      tasks: ["mme", "ai2d", "mme"],
      limit: 0.5,
      env: { OPENAI_API_KEY: "sk-env-secret" },
    });
    expect(run).toMatchObject({ status: "queued", tasks: ["mme", "ai2d"], envNames: ["OPENAI_API_KEY"], params: { limit: 0.5 } });
    expect(openJson(run.envSealed!, config.encryptionKey)).toEqual({ OPENAI_API_KEY: "sk-env-secret" });
    expect(run.commandPreview).toMatch(/^OPENAI_API_KEY=\*\*\* python3 -m lmms_eval eval --model openai --model_args .*api_key=\*\*\*/);
    expect(run.commandPreview).toContain(`--output_path ${config.runsDir}/${run.id}/output --log_samples --timezone UTC`);
    expect(run.commandPreview).not.toContain("sk-");
    const dto = getRun({ db, ctx: ctxFor(viewer), runId: run.id });
    expect(JSON.stringify(dto)).not.toContain("sk-");
    expect(dto).not.toHaveProperty("envSealed");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "run.create")).all()).toHaveLength(1);
    expect(publisher.wakes).toBeGreaterThan(0);
    expect(publisher.events.some((e) => e.room === "runs" && e.event === "run:updated")).toBe(true);
  });

  it.each([
    [{ tasks: [] }, "tasks", "choose at least one task"],
    [{ tasks: ["not_a_task"] }, "tasks", "Unknown task: not_a_task"],
    [{ tasks: ["mm*"], limit: 0 }, "limit", "limit must be greater than 0"],
    [{ tasks: ["mme"], modelArgs: "foo" }, "modelArgs", "model args"],
    [{ tasks: ["mme"], genKwargs: "temperature" }, "genKwargs", "gen kwargs"],
    [{ tasks: ["mme"], includePath: "/definitely/not/here" }, "includePath", "No include folders are configured"],
    [{ tasks: ["mme"], env: { "bad-name": "x" } }, "env.bad-name", "environment variable name"],
  ])("rejects %o with a field error and queues nothing", async (input, field, message) => {
    const before = db.select().from(runs).all().length;
    const error = await create(member, { model: "standin", ...input }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.fields[field]?.join(" ")).toContain(message);
    expect(db.select().from(runs).all().length).toBe(before);
  });

  it("viewers cannot launch", async () => {
    await expect(create(viewer, { model: "standin", tasks: ["mme"] })).rejects.toThrow(ForbiddenError);
  });

  it("queue order can be changed by the owner or an admin, and positions follow", async () => {
    const a = await create(member, { model: "standin", tasks: ["mme"] });
    const b = await create(other, { model: "standin", tasks: ["mme"] });
    const position = (id: number) => listRuns({ db, ctx: ctxFor(viewer), input: { status: "queued" } }).items.find((r) => r.id === id)!.queuePosition!;
    const pb = position(b.id);
    expect(position(a.id)).toBe(pb - 1);
    expect(() => moveQueuedRun({ db, ctx: ctxFor(member), input: { runId: b.id, direction: "top" }, publisher })).toThrow(ForbiddenError);
    expect(moveQueuedRun({ db, ctx: ctxFor(other), input: { runId: b.id, direction: "top" }, publisher })).toBe(1);
    expect(position(b.id)).toBe(1);
    moveQueuedRun({ db, ctx: ctxFor(admin), input: { runId: b.id, direction: "down" }, publisher });
    expect(position(b.id)).toBe(2);
    expect(() => moveQueuedRun({ db, ctx: ctxFor(admin), input: { runId: b.id, direction: "sideways" }, publisher })).toThrow("direction must be");
  });

  it("cancel: owner or admin; queued ends at once; finished runs conflict", async () => {
    const run = await create(member, { model: "standin", tasks: ["mme"] });
    expect(() => cancelRun({ db, ctx: ctxFor(other), input: { runId: run.id }, publisher })).toThrow(ForbiddenError);
    expect(() => cancelRun({ db, ctx: ctxFor(viewer), input: { runId: run.id }, publisher })).toThrow(ForbiddenError);
    const cancelled = cancelRun({ db, ctx: ctxFor(admin), input: { runId: run.id }, publisher });
    expect(cancelled).toMatchObject({ status: "cancelled", reason: `Cancelled by ${admin.name} before it started` });
    expect(() => cancelRun({ db, ctx: ctxFor(admin), input: { runId: run.id }, publisher })).toThrow(ConflictError);
    expect(() => cancelRun({ db, ctx: ctxFor(admin), input: { runId: 99999 }, publisher })).toThrow(NotFoundError);
  });

  it("lists with filters and a cursor", async () => {
    const all = listRuns({ db, ctx: ctxFor(viewer), input: { limit: 2 } });
    expect(all.items).toHaveLength(2);
    expect(all.items[0].id).toBeGreaterThan(all.items[1].id);
    const next = listRuns({ db, ctx: ctxFor(viewer), input: { limit: 2, cursor: all.nextCursor } });
    expect(next.items[0].id).toBeLessThan(all.items[1].id);
    expect(listRuns({ db, ctx: ctxFor(viewer), input: { task: "ai2d" } }).items.map((r) => r.model)).toEqual(["openai"]);
    expect(listRuns({ db, ctx: ctxFor(viewer), input: { status: "cancelled,failed" } }).items.every((r) => r.status === "cancelled")).toBe(true);
    expect(listRuns({ db, ctx: ctxFor(viewer), input: { user: other.id } }).items.every((r) => r.createdBy?.id === other.id)).toBe(true);
    expect(() => listRuns({ db, ctx: ctxFor(viewer), input: { status: "bogus" } })).toThrow("status must be one of");
  });
});

describe("runListDetails", () => {
  it("names each run's model version and headline score, and leaves out runs the viewer may not see", async () => {
    const db = freshDb();
    const owner = insertUser(db, "member");
    const viewer = insertUser(db, "viewer");
    const model = createModel({ db, ctx: ctxFor(owner), input: { name: "qwen-vl" } });
    const version = createVersion({ db, ctx: ctxFor(owner), input: { modelId: model.id, label: "v1", backend: "synthetic", modelArgs: "pretrained=org/a" } });
    const fromVersion = await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "mme", docs: 4, correct: (i) => i < 3 }, { task: "ai2d", docs: 4, correct: () => true }] });
    const plain = await syntheticRun(db, { createdById: owner.id, tasks: [{ task: "ai2d", docs: 4, correct: (i) => i === 0 }] });
    const hidden = await syntheticRun(db, { createdById: owner.id, tasks: [{ task: "ai2d", docs: 2, correct: () => true }] });
    db.update(runs).set({ visibility: "private" }).where(eq(runs.id, hidden)).run();

    const details = runListDetails({ db, ctx: ctxFor(viewer), runIds: [fromVersion, plain, hidden] });
    expect(details[fromVersion]).toEqual({
      version: { id: version.id, label: "v1", modelId: model.id, modelName: "qwen-vl" },
      headline: { task: "mme", metric: "exact_match", filter: "none", value: 0.75, higherIsBetter: true, more: 1 },
    });
    expect(details[plain]).toEqual({ version: null, headline: { task: "ai2d", metric: "exact_match", filter: "none", value: 0.25, higherIsBetter: true, more: 0 } });
    expect(details[hidden]).toBeUndefined();
    expect(runListDetails({ db, ctx: ctxFor(owner), runIds: [hidden] })[hidden]?.headline?.value).toBe(1);
  });
});
