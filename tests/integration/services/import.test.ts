import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs, samples } from "@/db/schema";
import { ForbiddenError, InvalidInputError, PayloadTooLargeError, UnprocessableError } from "@/lib/services/errors";
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

