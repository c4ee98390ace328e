import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, openDatabase, type DB } from "@/db/client";
import { auditLog, modelVersions, runLogs, runs, type Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { openLaunchArgs } from "@/lib/crypto/sealed-args";
import { EVENTS } from "@/lib/realtime/events";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
import { setRunSharing } from "@/lib/services/comments/sharing";
import { InvalidInputError } from "@/lib/services/errors";
import { createModel, getModel } from "@/lib/services/models/manage-models";
import { createVersion, updateVersion } from "@/lib/services/models/manage-versions";
import { registerRunAsVersion } from "@/lib/services/models/register-run-version";
import { createRun } from "@/lib/services/runs/create-run";
import { getRun } from "@/lib/services/runs/get-run";
import { sealStoredSecrets } from "@/lib/services/system/seal-stored-secrets";
import { ctxFor, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();

/** A database in a real file, so a test can read the bytes SQLite wrote. */
function fileDb(): { db: DB; file: string } {
  const file = path.join(tempDir("sealed-db-"), "dashboard.db");
  const db = openDatabase(file);
  applyMigrations(db);
  return { db, file };
}

/** Everything SQLite holds on disk for the database: the main file and its write-ahead log. */
function bytesOnDisk(db: DB, file: string): string {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString("latin1")).join("\n");
}

const expectNoneOf = (text: string, planted: string[]) => {
  for (const secret of planted) expect(text, `"${secret}" leaked`).not.toContain(secret);
};

describe("model-args secrets are sealed at rest (issue 24, item 2) and masked in the audit log (item 3)", () => {
  const { db, file } = fileDb();
  const config = testRunConfig(tempDir("sealed-runs-"));
  const publisher = new RecordingPublisher();
  const owner = insertUser(db, "member");
  const admin = insertUser(db, "admin");
  const key = config.encryptionKey;

  it("runs, versions, overrides and audit details hold no credential in the SQLite file; the sealed texts open to the originals", async () => {
    const planted = ["sk-PLANTED-run", "sk-PLANTED-rungen", "sk-PLANTED-version", "sk-PLANTED-vgen", "sk-PLANTED-override", "sk-PLANTED-genoverride", "sk-PLANTED-edit"];
    const model = createModel({ db, ctx: ctxFor(owner), input: { name: "sealed" } });
    const version = createVersion({
      db,
      ctx: ctxFor(owner),
      input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: "pretrained=org/x,api_key=sk-PLANTED-version", genKwargs: "temperature=0,judge_api_key=sk-PLANTED-vgen" },
      publisher,
      encryptionKey: key,
    });
    const draft = createVersion({ db, ctx: ctxFor(owner), input: { modelId: model.id, label: "draft", backend: "standin" }, publisher, encryptionKey: key });
    updateVersion({ db, ctx: ctxFor(owner), input: { versionId: draft.id, modelArgs: "pretrained=org/y,api_key=sk-PLANTED-edit" }, encryptionKey: key });
    const plain = await createRun({
      db,
      ctx: ctxFor(owner),
      input: { model: "standin", modelArgs: "pretrained=org/x,api_key=sk-PLANTED-run", genKwargs: "temperature=0,judge_token=sk-PLANTED-rungen", tasks: ["mme"] },
      deps: config,
      publisher,
    });
    // Launch-from-version overrides used to store the version's raw args in the run and its audit detail.
    const overridden = await createRun({
      db,
      ctx: ctxFor(owner),
      input: { modelVersionId: version.id, modelArgs: "pretrained=org/x,api_key=sk-PLANTED-override,dtype=fp16", genKwargs: "temperature=0.5,judge_api_key=sk-PLANTED-genoverride", tasks: ["mme"] },
      deps: config,
      publisher,
    });
    // versionOverrides.genKwargs used to be shown to the whole team as typed.
    expect(overridden.versionOverrides).toEqual({
      modelArgs: ["pretrained=org/x,api_key=***", "pretrained=org/x,api_key=***,dtype=fp16"],
      genKwargs: ["temperature=0,judge_api_key=***", "temperature=0.5,judge_api_key=***"],
    });

    expectNoneOf(bytesOnDisk(db, file), planted);
    // What the REST API and pages are built from shows none of them either.
    const served = JSON.stringify([
      getRun({ db, ctx: ctxFor(admin), runId: plain.id }),
      getRun({ db, ctx: ctxFor(admin), runId: overridden.id }),
      getModel({ db, ctx: ctxFor(admin), modelId: model.id }),
      listAuditLog({ db, ctx: ctxFor(admin), input: {} }),
    ]);
    expectNoneOf(served, planted);
    expect(served).toContain("api_key=***");

    // Sealed, not dropped: the worker gets the texts as typed.
    const row = (id: number) => db.select().from(runs).where(eq(runs.id, id)).get()!;
    expect(openLaunchArgs({ modelArgs: row(plain.id).modelArgs, genKwargs: row(plain.id).params.genKwargs ?? "", argsSealed: row(plain.id).argsSealed }, key)).toEqual({
      modelArgs: "pretrained=org/x,api_key=sk-PLANTED-run",
      genKwargs: "temperature=0,judge_token=sk-PLANTED-rungen",
      ownerId: owner.id,
    });
    const v = db.select().from(modelVersions).where(eq(modelVersions.id, version.id)).get()!;
    expect(openLaunchArgs(v, key)).toMatchObject({ modelArgs: "pretrained=org/x,api_key=sk-PLANTED-version", ownerId: owner.id });
  });

  it("the startup step seals and masks what an older dashboard stored in plaintext, once", () => {
    const { db: old, file: oldFile } = fileDb();
    const user = insertUser(old, "member");
    const run = old
      .insert(runs)
      .values({ status: "succeeded", model: "openai", modelArgs: "model=gpt,api_key=sk-OLD-run", tasks: ["mme"], params: { genKwargs: "judge_api_key=sk-OLD-gen" }, versionOverrides: { modelArgs: ["model=gpt,api_key=sk-OLD-override", "model=gpt-mini,api_key=sk-OLD-override"] }, createdById: user.id })
      .returning()
      .get();
    const model = createModel({ db: old, ctx: ctxFor(user), input: { name: "old" } });
    old.insert(modelVersions).values({ modelId: model.id, label: "v1", backend: "openai", modelArgs: "model=gpt,api_key=sk-OLD-version", createdById: user.id }).run();
    old.insert(auditLog).values({ at: new Date(), actorLabel: "x", action: "run.create", detail: { overrides: { modelArgs: ["api_key=sk-OLD-audit", "x=1"] } } }).run();
    expect(bytesOnDisk(old, oldFile)).toContain("sk-OLD-run");

    expect(sealStoredSecrets(old, key)).toEqual({ runs: 1, versions: 1, other: 1 });
    expectNoneOf(bytesOnDisk(old, oldFile), ["sk-OLD-run", "sk-OLD-gen", "sk-OLD-override", "sk-OLD-version", "sk-OLD-audit"]);
    const sealed = old.select().from(runs).where(eq(runs.id, run.id)).get()!;
    expect(sealed).toMatchObject({ modelArgs: "model=gpt,api_key=***", params: { genKwargs: "judge_api_key=***" } });
    expect(openLaunchArgs({ modelArgs: sealed.modelArgs, genKwargs: sealed.params.genKwargs ?? "", argsSealed: sealed.argsSealed }, key)).toEqual({
      modelArgs: "model=gpt,api_key=sk-OLD-run",
      genKwargs: "judge_api_key=sk-OLD-gen",
      ownerId: user.id,
    });
    // Later starts skip the scan.
    expect(sealStoredSecrets(old, key)).toEqual({ runs: 0, versions: 0, other: 0 });
  });
});

/** A stand-in "lmms-eval" that reports which keys reached its argv (the console masks the values themselves). */
const ARGV_PROBE = "import sys; argv = ' '.join(sys.argv); print('owner-key-in-argv=' + str('sk-OWNER-secret' in argv)); print('own-key-in-argv=' + str('sk-MEMBER-own' in argv))";

describe("a version registered from a private run (issue 24, item 2): read path and launch path", () => {
  let db: DB;
  const dataDir = tempDir("private-version-");
  const config = { ...testRunConfig(path.join(dataDir, "runs")), lmmsEvalCommand: ["python3", "-c", ARGV_PROBE] };
  const publisher = new RecordingPublisher();
  let owner: Actor;
  let other: Actor;
  let admin: Actor;
  let privateRun: Run;
  let versionId = 0;
  let modelId = 0;
  let runner: ReturnType<typeof testRunner>;

  beforeAll(async () => {
    ({ db } = fileDb());
    owner = insertUser(db, "member");
    other = insertUser(db, "member");
    admin = insertUser(db, "admin");
    runner = testRunner({ db, config, publisher });
    privateRun = await createRun({ db, ctx: ctxFor(owner), input: { model: "openai", modelArgs: "model=gpt-4o,api_key=sk-OWNER-secret", tasks: ["mme"], visibility: "private" }, deps: config, publisher });
    const registered = registerRunAsVersion({ db, ctx: ctxFor(owner), runId: privateRun.id, input: { modelName: "private-origin", label: "v1" }, publisher, encryptionKey: config.encryptionKey });
    versionId = registered.version.id;
    modelId = registered.model.id;
    runner.start();
  });
  afterAll(async () => {
    await runner.stop("test over");
  });

  const finished = async (runId: number) => {
    await publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === runId && ["succeeded", "failed"].includes((e.payload as { status: string }).status));
    return db.select().from(runLogs).where(eq(runLogs.runId, runId)).all().map((l) => l.text).join("\n");
  };

  it("others see the version without the run: no provenance, no run count, nothing of it in the notes", () => {
    const theirs = getModel({ db, ctx: ctxFor(other), modelId }).versions[0];
    expect(theirs).toMatchObject({ id: versionId, registeredFromRunId: null, runCount: 0, locked: true, modelArgs: "model=gpt-4o,api_key=***" });
    expect(JSON.stringify(getModel({ db, ctx: ctxFor(other), modelId }))).not.toContain(`#${privateRun.id}`);
    expect(getModel({ db, ctx: ctxFor(other), modelId }).runCount).toBe(0);
    expect(getModel({ db, ctx: ctxFor(owner), modelId }).versions[0]).toMatchObject({ registeredFromRunId: privateRun.id, runCount: 1 });
    expect(getModel({ db, ctx: ctxFor(admin), modelId }).versions[0]).toMatchObject({ registeredFromRunId: privateRun.id, runCount: 1 });
  });

  it("another member cannot launch it with the owner's key, with or without their own environment (PYTHONPATH)", async () => {
    const before = db.select().from(runs).all().length;
    for (const input of [
      { modelVersionId: versionId, tasks: ["mme"] },
      { modelVersionId: versionId, tasks: ["mme"], env: { PYTHONPATH: "/tmp/their-sitecustomize" } },
      { modelVersionId: versionId, tasks: ["mme"], modelArgs: "model=gpt-4o,api_key=***,base_url=http://attacker.example/v1" },
    ]) {
      const error = await createRun({ db, ctx: ctxFor(other), input, deps: config, publisher }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fields?.modelArgs?.[0]).toMatch(/enter your own api_key: the value stored with version "v1" of private-origin is used only in launches by the person who entered it/);
    }
    expect(db.select().from(runs).all().length).toBe(before);
  });

  it("with their own key they can launch it: the child's argv carries theirs, never the owner's", async () => {
    const run = await createRun({ db, ctx: ctxFor(other), input: { modelVersionId: versionId, modelArgs: "model=gpt-4o,api_key=sk-MEMBER-own", tasks: ["mme"] }, deps: config, publisher });
    // Their key is a credential, not a configuration change: still the version's run.
    expect(run.versionOverrides).toBeNull();
    const log = await finished(run.id);
    expect(log).toContain("owner-key-in-argv=False");
    expect(log).toContain("own-key-in-argv=True");
  });

  it("the owner launches it as registered, with the stored key", async () => {
    const run = await createRun({ db, ctx: ctxFor(owner), input: { modelVersionId: versionId, tasks: ["mme"] }, deps: config, publisher });
    const log = await finished(run.id);
    expect(log).toContain("owner-key-in-argv=True");
  });

  it("registered by someone else (a control share, an admin), the run's key is dropped and asked for at launch", async () => {
    const shared = await createRun({ db, ctx: ctxFor(owner), input: { model: "openai", modelArgs: "model=gpt-4o-mini,api_key=sk-OWNER-secret", tasks: ["mme"] }, deps: config, publisher });
    setRunSharing({ db, ctx: ctxFor(owner), runId: shared.id, input: { visibility: "private", members: [{ userId: other.id, permission: "control" }] }, publisher });
    const registered = registerRunAsVersion({ db, ctx: ctxFor(other), runId: shared.id, input: { modelId, label: "mini" }, publisher, encryptionKey: config.encryptionKey });
    const row = db.select().from(modelVersions).where(eq(modelVersions.id, registered.version.id)).get()!;
    expect(row).toMatchObject({ modelArgs: "model=gpt-4o-mini,api_key=***", argsSealed: null, registeredFromRunId: shared.id });
    for (const actor of [other, owner]) {
      const error = await createRun({ db, ctx: ctxFor(actor), input: { modelVersionId: registered.version.id, tasks: ["mme"] }, deps: config, publisher }).catch((e: unknown) => e);
      expect((error as InvalidInputError).fields?.modelArgs?.[0]).toMatch(/enter the value of api_key/);
    }
  });
});
