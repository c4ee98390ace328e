import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, runResults, runs } from "@/db/schema";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/services/errors";
import { createModel, getModel, listModels, updateModel } from "@/lib/services/models/manage-models";
import { createVersion, updateVersion } from "@/lib/services/models/manage-versions";
import { registerVersion } from "@/lib/services/models/register-version";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { compareVersions, findMatchingVersion, modelHistory } from "@/lib/services/models/performance";
import { createRun } from "@/lib/services/runs/create-run";
import { importFolder } from "@/lib/services/results/import-runs";
import { EVENTS } from "@/lib/realtime/events";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { syntheticRun } from "../../helpers/synthetic-run";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();
const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

describe("model registry rules", () => {
  const db = freshDb();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  const other = insertUser(db, "member");
  const viewer = insertUser(db, "viewer");
  const config = testRunConfig(tempDir("models-"));
  const publisher = new RecordingPublisher();

  it("names are unique (case-insensitively), labels unique per model; viewers cannot register", () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "our-vlm-7b", tags: ["vlm", "vlm", "7b"] } });
    expect(model.tags).toEqual(["vlm", "7b"]);
    expect(() => createModel({ db, ctx: ctxFor(other), input: { name: "OUR-VLM-7B" } })).toThrow(ConflictError);
    expect(() => createModel({ db, ctx: ctxFor(viewer), input: { name: "x" } })).toThrow(ForbiddenError);
    createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: "pretrained=org/v1" }, publisher });
    const dup = (() => {
      try {
        createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "V1", backend: "standin" }, publisher });
      } catch (e) {
        return e as ConflictError;
      }
    })();
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup?.message).toContain('already has a version labelled "V1"');
    expect(() => createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "bad", backend: "standin", modelArgs: "no-equals" } , publisher})).toThrow(InvalidInputError);
    expect(listModels({ db, ctx: ctxFor(viewer), input: { tag: "7b" } }).map((m) => m.name)).toEqual(["our-vlm-7b"]);
  });

  it("a version is immutable once a run used it; status and notes stay editable", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "frozen" } });
    const v = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: "pretrained=a" }, publisher });
    expect(updateVersion({ db, ctx: ctxFor(member), input: { versionId: v.id, modelArgs: "pretrained=b" } }).modelArgs).toBe("pretrained=b");
    await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, tasks: ["mme"] }, deps: config, publisher });
    const error = (() => {
      try {
        updateVersion({ db, ctx: ctxFor(member), input: { versionId: v.id, modelArgs: "pretrained=c" } });
      } catch (e) {
        return e as ConflictError;
      }
    })();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.message).toMatch(/was used by 1 run\(s\), so its modelArgs cannot change.*Create a new version from this one/);
    expect(updateVersion({ db, ctx: ctxFor(member), input: { versionId: v.id, status: "deprecated", notes: "superseded" } })).toMatchObject({ status: "deprecated", locked: true });
    expect(() => updateVersion({ db, ctx: ctxFor(other), input: { versionId: v.id, notes: "x" } })).toThrow(ForbiddenError);
  });

  it("lineage cannot become a cycle", () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "lineage" } });
    const a = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "base", backend: "standin" }, publisher });
    const b = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "sft", backend: "standin", parentVersionId: a.id, parentRelation: "fine-tune of" }, publisher });
    const c = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "q4", backend: "standin", parentVersionId: b.id, parentRelation: "quantised from" }, publisher });
    expect(() => updateVersion({ db, ctx: ctxFor(member), input: { versionId: a.id, parentVersionId: c.id } })).toThrow(/cycle/);
    expect(() => updateVersion({ db, ctx: ctxFor(member), input: { versionId: a.id, parentVersionId: a.id } })).toThrow(/cycle/);
    expect(() => createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "x", backend: "standin", parentVersionId: 99999 }, publisher })).toThrow(/does not exist/);
  });

  it("launching from a version fills backend/args and records overrides", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "launchable" } });
    const v = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: "pretrained=org/x,dtype=bf16", genKwargs: "temperature=0" }, publisher });
    const plain = await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, tasks: ["mme"] }, deps: config, publisher });
    expect(plain).toMatchObject({ model: "standin", modelArgs: "pretrained=org/x,dtype=bf16", modelVersionId: v.id, versionOverrides: null, params: { genKwargs: "temperature=0" } });
    const reordered = await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, modelArgs: "dtype=bf16, pretrained=org/x", tasks: ["mme"] }, deps: config, publisher });
    expect(reordered.versionOverrides).toBeNull();
    const changed = await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, modelArgs: "pretrained=org/x,dtype=fp16", tasks: ["mme"] }, deps: config, publisher });
    expect(changed.versionOverrides).toEqual({ modelArgs: ["pretrained=org/x,dtype=bf16", "pretrained=org/x,dtype=fp16"] });
    updateVersion({ db, ctx: ctxFor(member), input: { versionId: v.id, status: "archived" } });
    await expect(createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, tasks: ["mme"] }, deps: config, publisher })).rejects.toThrow(/archived/);
  });

  it("archiving a model with queued runs asks first", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "busy" } });
    const v = createVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin" }, publisher });
    await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v.id, tasks: ["mme"] }, deps: config, publisher });
    expect(() => updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, status: "archived" } })).toThrow(/queued run\(s\).*Archive anyway/);
    expect(updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, status: "archived", confirmQueuedRuns: true } }).status).toBe("archived");
    expect(getModel({ db, ctx: ctxFor(viewer), modelId: model.id }).versions).toHaveLength(1);
  });

  it("imports are matched to a version with the same backend and (reordered) model args", async () => {
    const model = createModel({ db, ctx: ctxFor(admin), input: { name: "qwen-vl" } });
    const v = createVersion({ db, ctx: ctxFor(admin), input: { modelId: model.id, label: "7b-instruct", backend: "openai", modelArgs: "base_url=http://127.0.0.1:8000/v1,model=Qwen/Qwen2.5-VL-7B-Instruct,api_key=[REDACTED]" }, publisher });
    expect(findMatchingVersion(db, "openai", "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=[REDACTED]")?.id).toBe(v.id);
    expect(findMatchingVersion(db, "vllm", "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=[REDACTED]")).toBeNull();
    const folder = tempDir("import-match-");
    const { cpSync } = await import("node:fs");
    cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), folder, { recursive: true });
    const { created } = await importFolder({ db, ctx: ctxFor(admin), folder, publisher });
    expect(db.select().from(runs).where(eq(runs.id, created[0])).get()!.modelVersionId).toBe(v.id);
  });
});

describe("evaluate new versions (registerVersion: the one path of the form and the API)", () => {
  const db = freshDb();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  const config = testRunConfig(tempDir("models-auto-"));
  const publisher = new RecordingPublisher();
  const slurm = (configured: boolean) =>
    updateSlurmSettings({ db, ctx: ctxFor(admin), input: configured ? { sharedDir: tempDir("models-slurm-") } : {}, dashboardCommand: STANDIN_COMMAND });
  const runsOf = (versionId: number) => db.select().from(runs).where(eq(runs.modelVersionId, versionId)).all();

  it("registering a version of a model set to evaluate new versions queues that run, as the registering user", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "auto-eval" } });
    updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, evaluateNewVersions: { tasks: ["mme", "ai2d"], params: { limit: 4 } } } });
    const { version, evaluation } = await registerVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: "pretrained=org/a" }, deps: config, publisher });
    expect(evaluation).toEqual({ status: "queued", runId: expect.any(Number), tasks: ["mme", "ai2d"] });
    const [run] = runsOf(version.id);
    expect(run).toMatchObject({ id: evaluation?.status === "queued" ? evaluation.runId : -1, status: "queued", tasks: ["mme", "ai2d"], params: { limit: 4 }, createdById: member.id, model: "standin", modelArgs: "pretrained=org/a" });
    expect(db.select().from(auditLog).where(eq(auditLog.targetId, String(run.id))).all().filter((a) => a.targetType === "run").map((a) => a.action)).toEqual(["run.create"]);
  });

  it("a model without the setting registers the version and queues nothing", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "manual-eval" } });
    const { version, evaluation } = await registerVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin" }, deps: config, publisher });
    expect(evaluation).toBeNull();
    expect(runsOf(version.id)).toEqual([]);
    // Turning it off again is null.
    updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, evaluateNewVersions: { tasks: ["mme"] } } });
    expect(updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, evaluateNewVersions: null } }).evaluateNewVersions).toBeNull();
    expect((await registerVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v2", backend: "standin" }, deps: config, publisher })).evaluation).toBeNull();
  });

  it("when the run cannot be created the version is still registered, and the problem is reported, not thrown", async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "auto-eval-slurm" } });
    slurm(true);
    updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, evaluateNewVersions: { tasks: ["mme"], params: { executor: "slurm" } } } });
    // The administrator turns Slurm off afterwards: the setting can no longer be honoured.
    slurm(false);
    const { version, evaluation } = await registerVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "v1", backend: "standin" }, deps: config, publisher });
    expect(evaluation).toEqual({
      status: "failed",
      tasks: ["mme"],
      error: { code: "invalid_input", message: expect.stringMatching(/Slurm is not configured/), fields: { executor: [expect.any(String)] } },
    });
    expect(getModel({ db, ctx: ctxFor(member), modelId: model.id }).versions.map((v) => v.id)).toEqual([version.id]);
    expect(runsOf(version.id)).toEqual([]);
    // Registration errors are still errors: nothing is registered twice.
    await expect(registerVersion({ db, ctx: ctxFor(member), input: { modelId: model.id, label: "V1", backend: "standin" }, deps: config, publisher })).rejects.toThrow(ConflictError);
  });

  it("the setting's parameters and executor are checked when it is saved", () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "auto-eval-checked" } });
    const fieldsOf = (evaluateNewVersions: unknown) => {
      try {
        updateModel({ db, ctx: ctxFor(member), input: { modelId: model.id, evaluateNewVersions } });
      } catch (error) {
        if (error instanceof InvalidInputError) return error.fields;
        throw error;
      }
      return undefined;
    };
    expect(Object.keys(fieldsOf({ tasks: ["mme"], params: { executor: "slurm" } }) ?? {})).toEqual(["evaluateNewVersions.params.executor"]);
    expect(Object.keys(fieldsOf({ tasks: ["mme"], params: { limit: -1 } }) ?? {})).toEqual(["evaluateNewVersions.params.limit"]);
    expect(Object.keys(fieldsOf({ tasks: [] }) ?? {})).toEqual(["evaluateNewVersions.tasks"]);
    expect(getModel({ db, ctx: ctxFor(member), modelId: model.id }).evaluateNewVersions).toBeNull();
  });
});

describe("version comparison and history with real runs", () => {
  const db = freshDb();
  const member = insertUser(db, "member");
  const config = testRunConfig(tempDir("models-runs-"));
  const publisher = new RecordingPublisher();
  const runner = testRunner({ db, config, publisher, maxConcurrentRuns: 2, stopGrace: { interruptMs: 500, terminateMs: 500 } });
  let v1 = 0;
  let v2 = 0;
  let modelId = 0;

  beforeAll(async () => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "tiny" } });
    modelId = model.id;
    v1 = createVersion({ db, ctx: ctxFor(member), input: { modelId, label: "v1", backend: "standin", modelArgs: "pretrained=org/tiny-v1" }, publisher }).id;
    v2 = createVersion({ db, ctx: ctxFor(member), input: { modelId, label: "v2", backend: "dummy", modelArgs: "response=A", parentVersionId: v1 }, publisher }).id;
    const r1 = await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v1, tasks: ["mme", "ai2d"], limit: 12 }, deps: config, publisher });
    const r2 = await createRun({ db, ctx: ctxFor(member), input: { modelVersionId: v2, tasks: ["mme", "ai2d"], limit: 12 }, deps: config, publisher });
    runner.start();
    for (const id of [r1.id, r2.id]) {
      await publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === id && (e.payload as { status: string }).status === "succeeded", 30_000);
    }
    await runner.stop("done");
  });

  it("compares two versions: only the config differences, then paired tests on shared samples", () => {
    const result = compareVersions({ db, ctx: ctxFor(member), a: v1, b: v2 });
    expect(result.configDiff.map((d) => d.field)).toEqual(["backend", "model args", "parent"]);
    expect(result.sharedTasks).toEqual(["ai2d", "mme"]);
    const ai2d = result.comparison.rows.find((r) => r.task === "ai2d")!;
    const cell = ai2d.cells[1]!;
    expect(cell.test).toMatchObject({ kind: "mcnemar", sharedSamples: 12 });
    expect(cell.test!.test).toMatch(/McNemar/);
    expect(cell.pAdjusted).not.toBeNull();
  });

  it("history: one point per run per benchmark, with labels and run links", () => {
    const history = modelHistory({ db, ctx: ctxFor(member), input: { modelId, task: "ai2d" } });
    expect(history.benchmarks.map((b) => b.task)).toEqual(["ai2d"]);
    const series = Object.values(history.series)[0];
    expect(series.map((p) => p.label)).toEqual(["v1", "v2"]);
    expect(series.every((p) => p.runId > 0 && p.value !== null)).toBe(true);
    expect(history.best).toHaveLength(1);
    // 8/12 against 3/12 right: their 95% CIs overlap, so neither is crowned (the board's shared rank).
    const [v1Point, v2Point] = series;
    expect(v1Point.value! - 1.96 * v1Point.stderr!).toBeLessThan(v2Point.value! + 1.96 * v2Point.stderr!);
    expect(history.best[0].leaders.map((l) => l.label).sort()).toEqual(["v1", "v2"]);
  });
});

describe("history breaks where the task version or the lmms-eval version changed", () => {
  const db = freshDb();
  const member = insertUser(db, "member");
  const publisher = new RecordingPublisher();
  const ctx = ctxFor(member);
  const modelWithVersions = (name: string, labels: string[]) => {
    const modelId = createModel({ db, ctx, input: { name } }).id;
    return { modelId, versions: labels.map((label) => createVersion({ db, ctx, input: { modelId, label, backend: "synthetic", modelArgs: `pretrained=${name}/${label}` }, publisher }).id) };
  };
  // Synthetic runs all carry the same results date, so each run's evaluation date is pinned here.
  const run = async (versionId: number, day: string, benchVersion: number, lmmsEvalVersion: string) => {
    const id = await syntheticRun(db, {
      createdById: member.id,
      modelVersionId: versionId,
      lmmsEvalVersion,
      tasks: [
        { task: "bench", docs: 40, correct: (i) => i % 4 !== 0, taskVersion: benchVersion },
        { task: "steady", docs: 40, correct: (i) => i % 2 === 0 },
      ],
    });
    db.update(runResults).set({ evaluatedAt: new Date(`${day}T00:00:00Z`) }).where(eq(runResults.runId, id)).run();
    return id;
  };
  const seriesOf = (modelId: number, task: string) => {
    const history = modelHistory({ db, ctx, input: { modelId, task } });
    expect(history.benchmarks.map((b) => b.task)).toEqual([task]);
    return Object.values(history.series)[0].map((p) => ({ runId: p.runId, breakBefore: p.breakBefore, breakReason: p.breakReason }));
  };
  const unbroken = (runId: number) => ({ runId, breakBefore: false, breakReason: null });
  const broken = (runId: number, breakReason: string) => ({ runId, breakBefore: true, breakReason });

  it("marks each change with its reason, per benchmark, across versions; the first point never breaks", async () => {
    const { modelId, versions: [v1, v2] } = modelWithVersions("breaking", ["v1", "v2"]);
    const a = await run(v1, "2026-01-01", 1, "0.3.0");
    const b = await run(v1, "2026-01-02", 1, "0.3.0");
    const c = await run(v2, "2026-01-03", 2, "0.3.0"); // only bench's task version changed
    const d = await run(v2, "2026-01-04", 2, "0.4.0"); // only lmms-eval changed
    const e = await run(v1, "2026-01-05", 3, "0.5.0"); // both changed
    const f = await run(v2, "2026-01-06", 3, "0.5.0");
    expect(seriesOf(modelId, "bench")).toEqual([
      unbroken(a),
      unbroken(b),
      broken(c, "task version 1 → 2"),
      broken(d, "lmms-eval 0.3.0 → 0.4.0"),
      broken(e, "task version 2 → 3; lmms-eval 0.4.0 → 0.5.0"),
      unbroken(f),
    ]);
    // A task whose own version never changed breaks only where lmms-eval did.
    expect(seriesOf(modelId, "steady")).toEqual([unbroken(a), unbroken(b), unbroken(c), broken(d, "lmms-eval 0.3.0 → 0.4.0"), broken(e, "lmms-eval 0.4.0 → 0.5.0"), unbroken(f)]);
  });

  it("judges breaks in evaluation-date order, not the order runs were stored", async () => {
    const { modelId, versions: [v1] } = modelWithVersions("late-import", ["v1"]);
    // Stored first but evaluated last (an import of a newer run, say): in storage order it would break twice.
    const newest = await run(v1, "2026-03-01", 2, "0.4.0");
    const oldest = await run(v1, "2026-01-01", 1, "0.3.0");
    const middle = await run(v1, "2026-02-01", 1, "0.3.0");
    expect(seriesOf(modelId, "bench")).toEqual([unbroken(oldest), unbroken(middle), broken(newest, "task version 1 → 2; lmms-eval 0.3.0 → 0.4.0")]);
  });

  it("an unknown lmms-eval version on either side is a change, shown as ?", async () => {
    const { modelId, versions: [v1] } = modelWithVersions("unknown-versions", ["v1"]);
    const known = await run(v1, "2026-01-01", 1, "0.3.0");
    const unknown = await run(v1, "2026-01-02", 1, "0.3.0");
    const knownAgain = await run(v1, "2026-01-03", 1, "0.3.0");
    // A results file without lmms_eval_version is stored as null.
    db.update(runResults).set({ lmmsEvalVersion: null }).where(eq(runResults.runId, unknown)).run();
    expect(seriesOf(modelId, "bench")).toEqual([unbroken(known), broken(unknown, "lmms-eval 0.3.0 → ?"), broken(knownAgain, "lmms-eval ? → 0.3.0")]);
  });
});
