import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { setDb } from "@/lib/db";
import { ingests, runs, samples } from "@/db/schema";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

const dataDir = tempDir("imports-route-");
// The config is parsed once per process, at the first getConfig(): set it first.
process.env.DATA_DIR = dataDir;
const LOGS = path.resolve(import.meta.dirname, "..", "..", "fixtures", "lmms-eval", "A_openai_mme_ai2d", "logs", "Qwen__Qwen2.5-VL-7B-Instruct");

let db: DB;
let token = "";

beforeAll(() => {
  db = freshDb();
  setDb(db);
  token = createApiToken({ db, ctx: ctxFor(insertUser(db, "member")), input: { name: "import" } }).token;
});

/** POST /api/v1/imports with the files as the import page and REST clients send them (multipart field `files`). */
async function postImport(files: Array<{ name: string; content: Buffer }>): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const { POST } = await import("@/app/api/v1/imports/route");
  const boundary = "----route-test";
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  const req = new NextRequest("http://localhost:3000/api/v1/imports", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length) },
    body,
  });
  const res = await POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

const fixture = (name: string) => ({ name, content: fs.readFileSync(path.join(LOGS, name)) });

describe("POST /api/v1/imports", () => {
  it("a samples file with a doc_id used twice is a 422 naming the file, the line, the doc_id and both lines — nothing is written", async () => {
    const mme = fs.readFileSync(path.join(LOGS, "20260806_101502_samples_mme.jsonl"), "utf8").trimEnd().split("\n");
    // Line 5 repeats line 2's doc_id.
    const duplicated = [...mme.slice(0, 4), JSON.stringify({ ...JSON.parse(mme[4]), doc_id: JSON.parse(mme[1]).doc_id }), ...mme.slice(5)];
    const docId = JSON.parse(mme[1]).doc_id;
    const { status, body } = await postImport([
      fixture("20260806_101502_results.json"),
      fixture("20260806_101502_samples_ai2d.jsonl"),
      { name: "20260806_101502_samples_mme.jsonl", content: Buffer.from(duplicated.join("\n") + "\n") },
    ]);
    expect(status).toBe(422);
    expect(body.error).toEqual({
      code: "unprocessable",
      message: `Nothing was imported: 20260806_101502_samples_mme.jsonl:5: doc_id ${docId} appears twice (lines 2 and 5); each sample of a task needs its own doc_id`,
    });
    expect(db.select({ n: count() }).from(runs).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(ingests).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(samples).get()!.n).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, "imports"))).toEqual([]);

    // The corrected file imports.
    const fixed = await postImport([fixture("20260806_101502_results.json"), fixture("20260806_101502_samples_ai2d.jsonl"), fixture("20260806_101502_samples_mme.jsonl")]);
    expect(fixed.status).toBe(201);
  });
});
