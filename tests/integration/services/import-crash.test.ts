import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, openDatabase } from "@/db/client";
import { ingests, runMetrics, runs, samples } from "@/db/schema";
import { parseConfig } from "@/lib/config";
import { NotFoundError } from "@/lib/services/errors";
import { purgeInterruptedImports } from "@/lib/services/results/import-runs";
import { purgeStaleIngests } from "@/lib/services/results/ingest-run-files";
import { importUploadsDir } from "@/lib/services/results/receive-upload";
import { getRun } from "@/lib/services/runs/get-run";
import { listRuns } from "@/lib/services/runs/list-runs";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { ctxFor, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const dataDir = tempDir("import-crash-");
const sourceDir = tempDir("import-crash-files-");
const children: ChildProcess[] = [];
const SAMPLES = 150_000;

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

/** lmms-eval output for one task with SAMPLES samples (~37 MB of JSONL): big enough that its ingest takes seconds. */
function bigRunFiles(): string[] {
  const stamp = "20260101_000000";
  const results = {
    results: { big: { alias: "big", "exact_match,none": 0.5, "exact_match_stderr,none": 0.001, samples: SAMPLES } },
    group_subtasks: { big: [] },
    configs: { big: { task: "big" } },
    versions: { big: 1 },
    "n-shot": { big: 0 },
    higher_is_better: { big: { exact_match: true } },
    "n-samples": { big: { original: SAMPLES, effective: SAMPLES } },
    config: { model: "synthetic", model_args: "pretrained=big" },
    lmms_eval_version: "0.7.3",
    date: stamp,
  };
  const resultsFile = path.join(sourceDir, `${stamp}_results.json`);
  const samplesFile = path.join(sourceDir, `${stamp}_samples_big.jsonl`);
  fs.writeFileSync(resultsFile, JSON.stringify(results));
  const out = fs.openSync(samplesFile, "w");
  for (let start = 0; start < SAMPLES; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(SAMPLES, start + 10_000); i++) {
      lines.push(JSON.stringify({ doc_id: i, target: "A", filtered_resps: i % 2 ? "A" : "B", token_counts: [null], exact_match: i % 2, input: `question ${i} ${"lorem ipsum ".repeat(10)}` }));
    }
    fs.writeSync(out, lines.join("\n") + "\n");
  }
  fs.closeSync(out);
  return [resultsFile, samplesFile];
}

/** The web process's import, in a child of its own: the real REST route, upload folder and ingest. */
function startImport(files: string[], token: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/import-child.ts", ...files], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, IMPORT_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until<T>(read: () => T | undefined | null | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("kill -9 mid-import: the run never shows, the next start removes every trace, and a re-import creates exactly one run", { timeout: 180_000 }, async () => {
  const config = parseConfig({ ...process.env, DATA_DIR: dataDir }, ROOT);
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  const member = insertUser(db, "member");
  const admin = insertUser(db, "admin");
  const token = createApiToken({ db, ctx: ctxFor(member), input: { name: "import" } }).token;
  const files = bigRunFiles();
  const stagedRows = () => db.select({ n: count() }).from(samples).get()!.n;
  const uploads = () => (fs.existsSync(importUploadsDir(dataDir)) ? fs.readdirSync(importUploadsDir(dataDir)) : []);

  const first = startImport(files, token);
  void first.exited.then((code) => code !== null && console.error(`the import ended on its own (exit ${code}) before it was killed:\n${first.output()}`));
  await until(() => stagedRows() >= 20_000, "20,000 samples staged");
  // Frozen mid-import: the run exists, but no reader may see it — not even an admin.
  first.child.kill("SIGSTOP");
  const pending = db.select().from(runs).get()!;
  expect(pending).toMatchObject({ source: "imported", importing: true });
  for (const actor of [member, admin]) {
    expect(listRuns({ db, ctx: ctxFor(actor), input: {} })).toMatchObject({ items: [], total: 0 });
    expect(() => getRun({ db, ctx: ctxFor(actor), runId: pending.id })).toThrow(NotFoundError);
  }

  first.child.kill("SIGKILL");
  await first.exited;
  // What kill -9 leaves: the pending run, its staged rows, the upload folder.
  expect(db.select({ n: count() }).from(runs).get()!.n).toBe(1);
  expect(stagedRows()).toBeGreaterThanOrEqual(20_000);
  expect(uploads()).toHaveLength(1);
  // The worker, starting meanwhile, leaves the web process's import alone however old it looks.
  expect(purgeStaleIngests(db, Date.now() + 24 * 3600_000)).toBe(0);
  expect(stagedRows()).toBeGreaterThanOrEqual(20_000);

  // The web process starts again.
  expect(purgeInterruptedImports(db, importUploadsDir(dataDir))).toEqual({ runs: 1, uploads: 1 });
  expect(db.select({ n: count() }).from(runs).get()!.n).toBe(0);
  expect(db.select({ n: count() }).from(ingests).get()!.n).toBe(0);
  expect(stagedRows()).toBe(0);
  expect(uploads()).toEqual([]);
  expect(purgeInterruptedImports(db, importUploadsDir(dataDir))).toEqual({ runs: 0, uploads: 0 });

  const again = startImport(files, token);
  expect(await again.exited, again.output()).toBe(0);
  const { status, body } = JSON.parse(again.output().trim().split("\n").at(-1)!) as { status: number; body: { created: number[]; reused: number[] } };
  expect(status).toBe(201);
  expect(body.reused).toEqual([]);
  const all = db.select().from(runs).all();
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ id: body.created[0], status: "succeeded", importing: false });
  expect(listRuns({ db, ctx: ctxFor(member), input: {} }).total).toBe(1);
  expect(db.select({ n: count() }).from(runMetrics).where(eq(runMetrics.runId, all[0].id)).get()!.n).toBeGreaterThan(0);
  expect(stagedRows()).toBe(SAMPLES);
  expect(uploads()).toEqual([]);
});
