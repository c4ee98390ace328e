import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, models, modelVersions, runs, runShares, samples } from "@/db/schema";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, PayloadTooLargeError, UnprocessableError } from "@/lib/services/errors";
import { createModel, updateModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { registerRunAsVersion, suggestVersionNames } from "@/lib/services/models/register-run-version";
import { importFolder, previewImport, resolveServerImportPath } from "@/lib/services/results/import-runs";
import { receiveUpload } from "@/lib/services/results/receive-upload";
import { classifyMediaRef, resolveMediaFile } from "@/lib/services/results/resolve-media";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir } from "../../helpers/standin";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

/** A logs/ tree like teams have: two lmms-eval output folders. */
function logsTree(): string {
  const root = tempDir("logs-tree-");
  fs.cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), path.join(root, "exp1"), { recursive: true });
  fs.cpSync(path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs"), path.join(root, "exp2"), { recursive: true });
  return root;
}

function multipart(files: Array<{ name: string; content: Buffer }>): { headers: Headers; body: ReadableStream<Uint8Array> } {
  const boundary = "----test" + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(f.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return {
    headers: new Headers({ "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length) }),
    body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(body)), c.close()) }),
  };
}

function python(script: string, cwd: string): void {
  execFileSync("python3", ["-c", script], { cwd });
}

describe("import", () => {
  it("previews, then imports a folder tree as runs with source `imported`, model and date from the files", async () => {
    const db = freshDb();
    const member = insertUser(db, "member");
    const folder = logsTree();
    const { candidates } = await previewImport(db, folder);
    expect(candidates.map((c) => c.model).sort()).toEqual(["dummy", "openai"]);
    expect(db.select({ n: count() }).from(runs).get()!.n).toBe(0);

    const result = await importFolder({ db, ctx: ctxFor(member), folder, publisher: new RecordingPublisher() });
    expect(result.created).toHaveLength(2);
    const imported = db.select().from(runs).all();
    expect(imported.every((r) => r.source === "imported" && r.status === "succeeded")).toBe(true);
    const openai = imported.find((r) => r.model === "openai")!;
    expect(openai.modelArgs).toContain("model=Qwen/Qwen2.5-VL-7B-Instruct");
    expect(openai.startedAt?.toISOString()).toMatch(/^2026-08-06T10:15:02/);
    expect(openai.tasks.sort()).toEqual(["ai2d", "mme"]);

    // Again: nothing is duplicated.
    const again = await importFolder({ db, ctx: ctxFor(member), folder, publisher: new RecordingPublisher() });
    expect(again).toMatchObject({ created: [], reused: result.created.slice().sort((a, b) => a - b) });
    expect(db.select({ n: count() }).from(runs).get()!.n).toBe(2);
  });

  it("is all or nothing: one bad file → no run, no sample, and the message names file and line", async () => {
    const db = freshDb();
    const member = insertUser(db, "member");
    const folder = logsTree();
    const toy = path.join(folder, "exp2", "offline_smoke", "20260806_113012_samples_toy_qa.jsonl");
    fs.appendFileSync(toy, "not json at all\n");
    const error = await importFolder({ db, ctx: ctxFor(member), folder, publisher: new RecordingPublisher() }).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.message).toMatch(/Nothing was imported: .*20260806_113012_samples_toy_qa\.jsonl:7/);
    expect(db.select({ n: count() }).from(runs).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(samples).get()!.n).toBe(0);
  });

  it("rejects folders without results, malformed results JSON, and viewers", async () => {
    const db = freshDb();
    const empty = tempDir("empty-");
    await expect(previewImport(db, empty)).rejects.toThrow(/No \*_results\.json file was found/);
    fs.writeFileSync(path.join(empty, "20260101_000000_results.json"), "{ broken");
    await expect(previewImport(db, empty)).rejects.toThrow(UnprocessableError);
    await expect(importFolder({ db, ctx: ctxFor(insertUser(db, "viewer")), folder: logsTree() })).rejects.toThrow(ForbiddenError);
  });

  it("server paths: admins only, inside IMPORT_ROOTS only (symlinks resolved)", () => {
    const db = freshDb();
    const admin = ctxFor(insertUser(db, "admin"));
    const root = logsTree();
    const outside = tempDir("outside-");
    fs.symlinkSync(outside, path.join(root, "sneaky-link"));
    expect(resolveServerImportPath(admin, path.join(root, "exp1"), [root])).toBe(fs.realpathSync(path.join(root, "exp1")));
    expect(() => resolveServerImportPath(admin, outside, [root])).toThrow(/outside the folders imports may read/);
    expect(() => resolveServerImportPath(admin, path.join(root, "sneaky-link"), [root])).toThrow(ForbiddenError);
    expect(() => resolveServerImportPath(admin, path.join(root, "..", "..", "etc"), [root])).toThrow(ForbiddenError);
    expect(() => resolveServerImportPath(admin, root, [])).toThrow(/set IMPORT_ROOTS/);
    expect(() => resolveServerImportPath(ctxFor(insertUser(db, "member")), root, [root])).toThrow(ForbiddenError);
  });
});

describe("uploads", () => {
  it("accepts loose files and a .zip / .tar.gz of a logs folder", async () => {
    const staging = tempDir("staging-");
    const a = path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke");
    const loose = await receiveUpload(
      multipart(fs.readdirSync(a).map((name) => ({ name, content: fs.readFileSync(path.join(a, name)) }))),
      staging,
    );
    expect(fs.readdirSync(loose).sort()).toEqual(fs.readdirSync(a).sort());

    const work = tempDir("archives-");
    fs.cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), path.join(work, "logs"), { recursive: true });
    python("import shutil; shutil.make_archive('logs', 'zip', '.', 'logs'); shutil.make_archive('logs', 'gztar', '.', 'logs')", work);
    const zipped = await receiveUpload(multipart([{ name: "logs.zip", content: fs.readFileSync(path.join(work, "logs.zip")) }]), staging);
    const tarred = await receiveUpload(multipart([{ name: "logs.tar.gz", content: fs.readFileSync(path.join(work, "logs.tar.gz")) }]), staging);
    const db = freshDb();
    expect((await previewImport(db, zipped)).candidates).toHaveLength(1);
    expect((await previewImport(db, tarred)).candidates).toHaveLength(1);
  });

  it("refuses archives with ../ paths or symlinks, and oversized uploads, leaving nothing behind", async () => {
    const staging = tempDir("staging-");
    const work = tempDir("evil-");
    python(
      [
        "import zipfile, tarfile, io, os",
        "z = zipfile.ZipFile('evil.zip', 'w'); z.writestr('../escaped.json', '{}'); z.close()",
        "os.symlink('/etc/passwd', 'link')",
        "t = tarfile.open('evil.tar.gz', 'w:gz'); t.add('link'); t.close()",
        "t = tarfile.open('dotdot.tar.gz', 'w:gz'); i = tarfile.TarInfo('../../escaped.json'); data = b'{}'; i.size = len(data); t.addfile(i, io.BytesIO(data)); t.close()",
      ].join("\n"),
      work,
    );
    for (const name of ["evil.zip", "evil.tar.gz", "dotdot.tar.gz"]) {
      const error = await receiveUpload(multipart([{ name, content: fs.readFileSync(path.join(work, name)) }]), staging).catch((e) => e);
      expect(error, name).toBeInstanceOf(InvalidInputError);
      expect(error.message, name).toMatch(/unsafe|symbolic link|link or special file/);
    }
    expect(fs.existsSync(path.join(staging, "..", "escaped.json"))).toBe(false);
    expect(fs.readdirSync(staging)).toEqual([]);

    const big = multipart([{ name: "x.json", content: Buffer.from("{}") }]);
    big.headers.set("content-length", String(2 * 1024 ** 3));
    await expect(receiveUpload(big, staging)).rejects.toThrow(PayloadTooLargeError);
    await expect(receiveUpload(multipart([{ name: "notes.txt", content: Buffer.from("hi") }]), staging)).rejects.toThrow(/not a results JSON/);
  });

  it("refuses archives that unpack past the limit (zip bombs), across all archives of the upload, leaving nothing behind", async () => {
    const staging = tempDir("staging-");
    const work = tempDir("bombs-");
    // 2 MB of zeros compress to a few KB; the limit here is 1 MB unpacked.
    python(
      [
        "import zipfile, tarfile, io",
        "data = b'0' * (2 * 1024 * 1024)",
        "z = zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED); z.writestr('logs/x_samples_mme.jsonl', data); z.close()",
        "t = tarfile.open('bomb.tar.gz', 'w:gz'); i = tarfile.TarInfo('logs/x_samples_mme.jsonl'); i.size = len(data); t.addfile(i, io.BytesIO(data)); t.close()",
        "small = b'1' * (600 * 1024)",
        "z = zipfile.ZipFile('half1.zip', 'w', zipfile.ZIP_DEFLATED); z.writestr('a/x.jsonl', small); z.close()",
        "z = zipfile.ZipFile('half2.zip', 'w', zipfile.ZIP_DEFLATED); z.writestr('b/y.jsonl', small); z.close()",
      ].join("\n"),
      work,
    );
    const limits = { maxUnpackedBytes: 1024 * 1024 };
    for (const files of [["bomb.zip"], ["bomb.tar.gz"], ["half1.zip", "half2.zip"]]) {
      const upload = multipart(files.map((name) => ({ name, content: fs.readFileSync(path.join(work, name)) })));
      const error = await receiveUpload(upload, staging, limits).catch((e) => e);
      expect(error, files.join("+")).toBeInstanceOf(PayloadTooLargeError);
      expect(error.message).toMatch(/unpack to more than 1 MB/);
      expect(fs.readdirSync(staging), files.join("+")).toEqual([]);
    }
    // Under the limit, the same kind of archive is fine.
    expect(fs.readdirSync(await receiveUpload(multipart([{ name: "half1.zip", content: fs.readFileSync(path.join(work, "half1.zip")) }]), staging, limits))).toEqual(["half1"]);
  });

  it("enforces the limit on the total of a chunked, many-file upload: stops reading, removes what it wrote", async () => {
    const staging = tempDir("staging-");
    const boundary = "----total-limit";
    const part = (i: number) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="part_${i}.json"\r\n\r\n${"x".repeat(200)}\r\n`);
    const parts = 4000; // ~1 MB in all, every file far below the limit
    let pulled = 0;
    let i = 0;
    // No Content-Length (chunked): only counting what is read can stop it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = i < parts ? part(i++) : Buffer.from(`--${boundary}--\r\n`);
        pulled += chunk.length;
        controller.enqueue(new Uint8Array(chunk));
        if (i >= parts) controller.close();
      },
    });
    const headers = new Headers({ "content-type": `multipart/form-data; boundary=${boundary}` });
    const error = await receiveUpload({ headers, body }, staging, { maxBytes: 8 * 1024 }).catch((e) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.message).toMatch(/larger than 8192 bytes in total; the limit is 8192 bytes per import/);
    // Reading stopped near the limit (stream buffering aside) instead of draining the whole request.
    expect(pulled).toBeLessThan(parts * 250 * 0.2);
    expect(fs.readdirSync(staging)).toEqual([]);

    // Under the limit the same kind of upload goes through.
    const small = multipart([0, 1, 2].map((n) => ({ name: `part_${n}.json`, content: Buffer.from("{}") })));
    small.headers.delete("content-length");
    const folder = await receiveUpload(small, staging, { maxBytes: 8 * 1024 });
    expect(fs.readdirSync(folder).sort()).toEqual(["part_0.json", "part_1.json", "part_2.json"]);
  });
});

describe("media references", () => {
  it("classifies and serves only from MEDIA_ROOTS", () => {
    expect(classifyMediaRef("data:image/png;base64,AAAA").kind).toBe("inline");
    expect(classifyMediaRef("https://x.org/a.jpg").kind).toBe("remote");
    expect(classifyMediaRef("code_reasoning/0020.png").kind).toBe("file");
    const root = tempDir("media-");
    fs.mkdirSync(path.join(root, "code_reasoning"));
    fs.writeFileSync(path.join(root, "code_reasoning", "0020.png"), "png");
    expect(resolveMediaFile("code_reasoning/0020.png", [root]).contentType).toBe("image/png");
    expect(() => resolveMediaFile("../../etc/passwd.png", [root])).toThrow();
    const outside = tempDir("outside-media-");
    fs.writeFileSync(path.join(outside, "x.png"), "png");
    fs.symlinkSync(path.join(outside, "x.png"), path.join(root, "link.png"));
    expect(() => resolveMediaFile("link.png", [root])).toThrow(ForbiddenError);
    expect(() => resolveMediaFile(path.join(outside, "x.png"), [root])).toThrow(ForbiddenError);
    expect(() => resolveMediaFile("code_reasoning/0020.png", [])).toThrow(/MEDIA_ROOTS/);
  });
});


describe("register an imported run as a new version", () => {
  async function importB(db: ReturnType<typeof freshDb>, ctx: ReturnType<typeof ctxFor>, modelArgs?: string) {
    const folder = tempDir("b-");
    fs.cpSync(path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke"), folder, { recursive: true });
    if (modelArgs) {
      const results = path.join(folder, "20260806_113012_results.json");
      fs.writeFileSync(results, fs.readFileSync(results, "utf8").replaceAll('"response=A"', JSON.stringify(modelArgs)));
    }
    return importFolder({ db, ctx, folder, publisher: new RecordingPublisher() });
  }

  it("suggests a model name from the weights and a label from the revision or the date", () => {
    expect(suggestVersionNames("openai", "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://x/v1", "2026-08-06T10:15:02Z")).toEqual({ modelName: "Qwen/Qwen2.5-VL-7B-Instruct", label: "2026-08-06" });
    expect(suggestVersionNames("llava", "pretrained=/ckpt/sft-run/step_2000/,revision=r17", null)).toEqual({ modelName: "step_2000", label: "r17" });
    expect(suggestVersionNames("dummy", "response=A", null)).toEqual({ modelName: "dummy", label: "v1" });
    expect(suggestVersionNames("hf", 'pretrained="org/name with (parens)"', new Date("2026-01-02T03:04:05Z"))).toEqual({ modelName: "org/name with -parens-", label: "2026-01-02" });
  });

  it("the import outcome names the matched version, or offers registration to whoever may control the run", async () => {
    const db = freshDb();
    const owner = ctxFor(insertUser(db, "member"));
    const model = createModel({ db, ctx: owner, input: { name: "toy" } });
    const version = createVersion({ db, ctx: owner, input: { modelId: model.id, label: "a", backend: "dummy", modelArgs: "response=A" } });
    const matched = await importB(db, owner);
    expect(matched.runs).toEqual([expect.objectContaining({ created: true, version: { id: version.id, label: "a", modelId: model.id, modelName: "toy" }, canRegister: false })]);

    const other = await importB(db, owner, "response=B");
    expect(other.runs[0]).toMatchObject({ version: null, canRegister: true, suggestion: { modelName: "dummy", label: "2026-08-06" } });
    // Another member re-importing the same files finds the run, but it is not theirs to register.
    const again = await importB(db, ctxFor(insertUser(db, "member")), "response=B");
    expect(again.runs[0]).toMatchObject({ id: other.runs[0].id, created: false, version: null, canRegister: false });
  });

  it("creates model + version from the run's configuration and links the run, in one audited transaction", async () => {
    const db = freshDb();
    const member = ctxFor(insertUser(db, "member"));
    const { created } = await importB(db, member, "response=B,pretrained=org/toy-vlm");
    const runId = created[0];
    const publisher = new RecordingPublisher();
    const registered = registerRunAsVersion({ db, ctx: member, runId, input: { modelName: "org/toy-vlm", label: "2026-08-06" }, publisher });
    expect(registered).toMatchObject({ runId, createdModel: true, model: { name: "org/toy-vlm" }, version: { label: "2026-08-06", backend: "dummy", modelArgs: "response=B,pretrained=org/toy-vlm", runCount: 1 } });
    expect(db.select().from(runs).where(eq(runs.id, runId)).get()).toMatchObject({ modelVersionId: registered.version.id, versionOverrides: null });
    expect(db.select().from(modelVersions).where(eq(modelVersions.id, registered.version.id)).get()).toMatchObject({ notes: "", registeredFromRunId: runId, genKwargs: "" });
    expect(db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action)).toEqual(expect.arrayContaining(["model.create", "model_version.create", "run.assign_version"]));

    // Already linked: refused, nothing changes.
    expect(() => registerRunAsVersion({ db, ctx: member, runId, input: { modelId: registered.model.id, label: "again" } })).toThrow(ConflictError);

    // An existing model by name (any case), or by id.
    const second = (await importB(db, member, "response=C")).created[0];
    expect(registerRunAsVersion({ db, ctx: member, runId: second, input: { modelName: "ORG/TOY-VLM", label: "c" } })).toMatchObject({ createdModel: false, model: { id: registered.model.id } });
    const third = (await importB(db, member, "response=D")).created[0];
    const duplicate = (() => {
      try {
        registerRunAsVersion({ db, ctx: member, runId: third, input: { modelId: registered.model.id, label: "C" } });
      } catch (e) {
        return e as ConflictError;
      }
    })();
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate?.fields).toEqual({ label: ["Another version of this model has this label"] });
  });

  it("is all or nothing: a run whose configuration cannot be a version leaves no new model behind", async () => {
    const db = freshDb();
    const member = insertUser(db, "member");
    const run = db.insert(runs).values({ status: "succeeded", source: "imported", model: "not a backend!", modelArgs: "", tasks: [], params: {}, createdById: member.id }).returning().get();
    const error = (() => {
      try {
        registerRunAsVersion({ db, ctx: ctxFor(member), runId: run.id, input: { modelName: "brand-new", label: "v1" } });
      } catch (e) {
        return e as InvalidInputError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(Object.keys(error?.fields ?? {})).toEqual(["backend"]);
    expect(db.select().from(models).all()).toEqual([]);
    expect(db.select().from(runs).where(eq(runs.id, run.id)).get()?.modelVersionId).toBeNull();
  });

  it("who may: members controlling the run; others are refused, private runs are not found; matches and archived models conflict", async () => {
    const db = freshDb();
    const owner = ctxFor(insertUser(db, "member"));
    const runId = (await importB(db, owner, "response=E")).created[0];
    const input = { modelName: "m", label: "v1" };
    expect(() => registerRunAsVersion({ db, ctx: ctxFor(insertUser(db, "viewer")), runId, input })).toThrow(ForbiddenError);
    expect(() => registerRunAsVersion({ db, ctx: ctxFor(insertUser(db, "member")), runId, input })).toThrow(ForbiddenError);
    const sharer = insertUser(db, "member");
    db.update(runs).set({ visibility: "private" }).where(eq(runs.id, runId)).run();
    expect(() => registerRunAsVersion({ db, ctx: ctxFor(insertUser(db, "member")), runId, input })).toThrow(NotFoundError);
    // A control share is enough (like cancelling it).
    db.insert(runShares).values({ runId, userId: sharer.id, permission: "control" }).run();
    expect(() => registerRunAsVersion({ db, ctx: ctxFor(sharer), runId, input: { modelId: "x", label: "v1" } })).toThrow(InvalidInputError);

    const archived = createModel({ db, ctx: owner, input: { name: "old" } });
    updateModel({ db, ctx: owner, input: { modelId: archived.id, status: "archived" } });
    expect(() => registerRunAsVersion({ db, ctx: owner, runId, input: { modelId: archived.id, label: "v1" } })).toThrow(/archived/);

    // A version registered since with the same backend and args: a second one would split its history.
    const model = createModel({ db, ctx: owner, input: { name: "later" } });
    createVersion({ db, ctx: owner, input: { modelId: model.id, label: "e", backend: "dummy", modelArgs: "response=E" } });
    expect(() => registerRunAsVersion({ db, ctx: ctxFor(sharer), runId, input })).toThrow(/Version "e" of later already has this backend/);
    expect(db.select().from(models).all().map((m) => m.name).sort()).toEqual(["later", "old"]);
  });
});
