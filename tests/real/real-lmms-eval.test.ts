// The real lmms-eval (pinned in scripts/lmms-eval-requirements.txt) driven through the dashboard's own services and
// REST route handlers, on CPU and offline. Run with `npm run test:real`. Every lmms-eval process spends ~30 s
// importing torch, so beforeAll queues all the runs at once on one Runner (two at a time, one per core) and each test
// waits for its own run.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { setDb } from "@/lib/db";
import { runs, type Run } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { detectLmmsEval } from "@/lib/lmms-eval/detect";
import { parseTasksList } from "@/lib/lmms-eval/tasks";
import { EVENTS } from "@/lib/realtime/events";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { localExecutor } from "@/workers/runner/local-executor";
import { groupExists } from "@/workers/runner/process-group";
import { Runner } from "@/workers/runner/runner";
import { ctxFor, freshDb, insertUser } from "../helpers/db";
import { RecordingPublisher, type Published } from "../helpers/recording-publisher";
import { tempDir } from "../helpers/standin";
import { promptTokens, startMockOpenAi, type MockOpenAi } from "./helpers/mock-openai";
import { processesOfRun, REAL_TASKS_DIR, realLmmsEvalCommand, runPython, useOfflineLmmsEvalEnvironment } from "./helpers/real-env";

const real = realLmmsEvalCommand();
const dataDir = tempDir("real-lmms-eval-");
useOfflineLmmsEvalEnvironment(dataDir);
process.env.DATA_DIR = dataDir;
// The task folder these runs pass as --include_path: only configured include folders are allowed.
process.env.LMMS_EVAL_INCLUDE_PATHS = REAL_TASKS_DIR;
// What `npm run setup:lmms-eval` writes: the dashboard must find lmms-eval through it (LMMS_EVAL_CMD is unset).
fs.writeFileSync(path.join(dataDir, "lmms-eval.json"), JSON.stringify({ command: real.command, version: real.version, venv: real.venv, installedAt: new Date().toISOString() }));

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_ROOT = path.resolve(import.meta.dirname, "..", "..", "app", "api");
const route = async (p: string) => (await import(/* @vite-ignore */ path.join(API_ROOT, p, "route.ts"))) as Record<string, Handler>;

let token = "";
let memberToken = "";
async function call(method: string, routePath: string, url: string, opts: { params?: Record<string, string>; body?: unknown; token?: string } = {}): Promise<{ status: number; json: any }> {
  const handler = (await route(routePath))[method];
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? token}` };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(new URL(url, "http://localhost:3000"), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

let db: DB;
let runner: Runner;
let publisher: RecordingPublisher;
let mock: MockOpenAi;
let member: ReturnType<typeof insertUser>;
let tasksListed: Promise<Awaited<ReturnType<typeof runPython>>>;
const ids: Record<"unknown" | "dummy" | "vqa" | "slow" | "missing" | "mcq", number> = { unknown: 0, dummy: 0, vqa: 0, slow: 0, missing: 0, mcq: 0 };

const isEnd = (runId: number) => (e: Published) =>
  e.event === EVENTS.runUpdated && (e.payload as { id: number }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status);

async function finished(runId: number): Promise<Run> {
  await publisher.waitFor(isEnd(runId), 6 * 60_000);
  return db.select().from(runs).where(eq(runs.id, runId)).get()!;
}

function progressOf(runId: number) {
  return publisher.events
    .filter((e) => e.event === EVENTS.runProgress && e.room === `run:${runId}`)
    .map((e) => (e.payload as { progress: { phase: string; requestType: string | null; n: number | null; total: number | null; percent: number } }).progress);
}

function consoleOf(runId: number): string {
  return fs.readFileSync(path.join(getConfig().runsDir, String(runId), "console.log"), "utf8");
}

/** Every run is launched as a script would: POST /api/v1/runs with a member's token. */
async function launch(input: Record<string, unknown>): Promise<number> {
  const created = await call("POST", "v1/runs", "/api/v1/runs", { body: input, token: memberToken });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json.id;
}

const openaiArgs = (model: string, concurrency: number) => `model=${model},base_url=${mock.baseUrl},api_key=sk-mock-not-a-secret,num_concurrent=${concurrency},max_retries=1`;

beforeAll(async () => {
  db = freshDb();
  setDb(db);
  const config = getConfig();
  expect(config.lmmsEvalCommandSource).toBe("setup");
  expect(config.lmmsEvalCommand).toEqual(real.command);
  const admin = insertUser(db, "admin");
  member = insertUser(db, "member");
  token = createApiToken({ db, ctx: ctxFor(admin), input: { name: "real-tier" } }).token;
  memberToken = createApiToken({ db, ctx: ctxFor(member), input: { name: "real-tier-member" } }).token;
  mock = await startMockOpenAi();
  publisher = new RecordingPublisher();
  runner = new Runner({
    db,
    config,
    publisher,
    executor: localExecutor,
    log: () => {},
    workerId: `real:${process.pid}`,
    maxConcurrentRuns: 2,
    gpuSlots: [],
    stopGrace: { interruptMs: 10_000, terminateMs: 5_000 },
  });

  // Queued while the catalogue is still empty: only lmms-eval itself can then say that the task does not exist.
  ids.unknown = await launch({ model: "dummy", modelArgs: "response=A", tasks: ["dash_no_such_task"], includePath: REAL_TASKS_DIR });
  const refreshed = await call("POST", "v1/tasks/refresh", "/api/v1/tasks/refresh");
  expect(refreshed.status).toBe(200);
  expect(refreshed.json).toMatchObject({ method: "scan", error: null });

  ids.slow = await launch({ model: "openai", modelArgs: openaiArgs("slow-2500", 1), tasks: ["dash_color_vqa"], includePath: REAL_TASKS_DIR });
  ids.vqa = await launch({ model: "openai", modelArgs: openaiArgs("slow-250", 1), tasks: ["dash_color_vqa"], includePath: REAL_TASKS_DIR });
  ids.dummy = await launch({ model: "dummy", modelArgs: "response=A", tasks: ["dash_toy_qa"], includePath: REAL_TASKS_DIR });
  ids.missing = await launch({ model: "dummy", modelArgs: "response=A", tasks: ["dash_missing_data"], includePath: REAL_TASKS_DIR });
  ids.mcq = await launch({ model: "dummy", modelArgs: "response=A", tasks: ["dash_mcq"], includePath: REAL_TASKS_DIR });
  runner.start();
  tasksListed = runPython(real.command, ["tasks", "list"]);
});

afterAll(async () => {
  await runner?.stop("real tier over");
  await mock?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`real lmms-eval ${real.version} through the dashboard`, () => {
  it("Settings → System finds it through DATA_DIR/lmms-eval.json and reads its version", async () => {
    const detected = await detectLmmsEval(getConfig().lmmsEvalCommand);
    expect(detected).toMatchObject({ found: true, version: real.version, error: null });
  });

  // First among the run tests: its run (24 answers × 2.5 s) must still be inferring when the test gets to cancel it.
  it("cancel mid-inference: status cancelled, the whole process group gone", async () => {
    await publisher.waitFor((e) => e.event === EVENTS.runProgress && e.room === `run:${ids.slow}` && (e.payload as { progress: { phase: string; n: number | null } }).progress.phase === "inference" && ((e.payload as { progress: { n: number | null } }).progress.n ?? 0) >= 2, 5 * 60_000);
    const pid = db.select().from(runs).where(eq(runs.id, ids.slow)).get()!.pid!;
    expect(groupExists(pid)).toBe(true);
    const cancelled = await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${ids.slow}/cancel`, { params: { id: String(ids.slow) } });
    expect(cancelled.json).toMatchObject({ cancelRequested: true });
    runner.wake();
    const done = await finished(ids.slow);
    expect(done.status).toBe("cancelled");
    expect(done.exitSignal ?? done.exitCode).toBeTruthy();
    expect(groupExists(pid)).toBe(false);
    expect(processesOfRun(ids.slow)).toEqual([]);
    expect(mock.requests.filter((r) => r.model === "slow-2500").length).toBeLessThan(24);
    expect(fs.readdirSync(path.join(getConfig().runsDir, String(ids.slow), "output"))).toEqual([]);
  });

  it("dummy model on a local JSON task: succeeded, every metric and sample stored exactly as written", async () => {
    const done = await finished(ids.dummy);
    expect(done, done.reason ?? "").toMatchObject({ status: "succeeded", exitCode: 0, failureKind: null });
    // No `pretrained=`/`model=` key in model_args: lmms-eval writes straight into --output_path (docs/LMMS-EVAL-BEHAVIOUR.md §output-files).
    expect(path.dirname(done.resultsPath!)).toBe(path.join(getConfig().runsDir, String(ids.dummy), "output"));
    const onDisk = JSON.parse(fs.readFileSync(done.resultsPath!, "utf8"));
    const params = { id: String(ids.dummy) };

    const results = await call("GET", "v1/runs/[id]/results", `/api/v1/runs/${ids.dummy}/results`, { params });
    expect(results.status).toBe(200);
    expect(results.json).toMatchObject({ modelSource: "dummy", modelName: null, sampleCount: 6, usage: null, throughput: null });
    const entry = onDisk.results.dash_toy_qa as Record<string, unknown>;
    const metric = results.json.metrics.find((m: { task: string; metric: string }) => m.task === "dash_toy_qa" && m.metric === "exact_match");
    expect(metric).toMatchObject({ filter: "none", value: entry["exact_match,none"], stderr: entry["exact_match_stderr,none"], stderrClt: entry["exact_match_stderr_clt,none"], stderrClustered: null, n: 6, higherIsBetter: true, taskVersion: "0.1" });
    expect(results.json.metrics).toHaveLength(1);

    const samplesFile = path.join(path.dirname(done.resultsPath!), `${path.basename(done.resultsPath!).replace("_results.json", "")}_samples_dash_toy_qa.jsonl`);
    const lines = fs.readFileSync(samplesFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const page = await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${ids.dummy}/samples?task=dash_toy_qa&limit=100`, { params });
    expect(page.json.total).toBe(lines.length);
    expect(page.json.items).toHaveLength(6);
    for (const [i, line] of lines.entries()) {
      const stored = page.json.items[i];
      expect(stored).toMatchObject({ docId: line.doc_id, target: line.target, filteredResps: line.filtered_resps, response: line.filtered_resps, input: line.input, tokenCounts: line.token_counts, scores: { exact_match: line.exact_match } });
      expect(stored.correct).toBe(line.exact_match === 1);
    }
  });

  it("openai backend against a local mock: images sent, Model Responding progress, usage and throughput stored", async () => {
    const done = await finished(ids.vqa);
    expect(done, done.reason ?? "").toMatchObject({ status: "succeeded", exitCode: 0 });
    const vqaRequests = mock.requests.filter((r) => r.model === "slow-250");
    expect(vqaRequests).toHaveLength(24);
    for (const request of vqaRequests) expect(request.imageUrls).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);

    const inference = progressOf(ids.vqa).filter((p) => p.phase === "inference" && p.total !== null);
    expect(inference.length).toBeGreaterThan(2);
    expect(new Set(inference.map((p) => p.total))).toEqual(new Set([24]));
    expect(inference.every((p) => p.requestType === "generate_until")).toBe(true);
    expect(inference.some((p) => p.n! > 0 && p.n! < 24)).toBe(true);
    const counts = inference.map((p) => p.n!);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(done.progress).toMatchObject({ phase: "finished", percent: 100 });

    const results = await call("GET", "v1/runs/[id]/results", `/api/v1/runs/${ids.vqa}/results`, { params: { id: String(ids.vqa) } });
    const inputTokens = vqaRequests.reduce((sum, r) => sum + promptTokens(r.text, r.imageUrls.length), 0);
    expect(results.json).toMatchObject({
      modelName: "slow-250",
      sampleCount: 24,
      usage: { total: { input_tokens: inputTokens, output_tokens: 24, total_tokens: inputTokens + 24, n_api_calls: 24 }, budget_exceeded: false },
      throughput: { total_gen_tokens: 24 },
    });
    expect(results.json.efficiency).toMatchObject({ overall: { docs: 24, total_output_tokens: 24 } });
    // The mock always answers "red": exact_match is the share of red squares (12 of 24).
    expect(results.json.metrics.find((m: { metric: string }) => m.metric === "exact_match").value).toBe(0.5);
    const samplePage = await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${ids.vqa}/samples?task=dash_color_vqa&limit=100`, { params: { id: String(ids.vqa) } });
    expect(samplePage.json.items.every((s: { outputTokens: number; inputTokens: number }) => s.outputTokens === 1 && s.inputTokens > 85)).toBe(true);
    // lmms-eval prints its model args (with the API key) unredacted at the end; the dashboard masks them.
    expect(consoleOf(ids.vqa)).toContain("Model Responding");
    expect(consoleOf(ids.vqa)).not.toContain("sk-mock-not-a-secret");
  });

  it("unknown task: failed with lmms-eval's own message although it exits 0; with a catalogue the API refuses it upfront", async () => {
    const done = await finished(ids.unknown);
    expect(done).toMatchObject({ status: "failed", exitCode: 0, failureKind: "evaluation_error" });
    expect(done.reason).toBe(
      "Error during evaluation: Tasks not found: dash_no_such_task. Try `lmms-eval --tasks {list_groups,list_subtasks,list_tags,list}` to list out all available names for task groupings; only (sub)tasks; tags; or all of the above, or pass '--verbosity DEBUG' to troubleshoot task registration issues.",
    );
    const refused = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "dummy", tasks: ["dash_no_such_task"] } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.tasks[0]).toMatch(/Unknown task: dash_no_such_task/);
  });

  it("a task whose data file is missing: failed with the FileNotFoundError, not tenacity's RetryError wrapper", async () => {
    const done = await finished(ids.missing);
    expect(done).toMatchObject({ status: "failed", exitCode: 0, failureKind: "evaluation_error" });
    expect(done.reason).toMatch(/^Error during evaluation: FileNotFoundError: Unable to find '.*this_file_does_not_exist\.jsonl' \(lmms-eval retried, then gave up: RetryError\[<Future at 0x[0-9a-f]+ state=finished raised FileNotFoundError>\]\)$/);
    expect(consoleOf(ids.missing)).toContain("Error during evaluation: RetryError[");
  });

  it("multiple_choice (loglikelihood) with the dummy model: the v0.7 regression is real, and the dashboard says so", async () => {
    const done = await finished(ids.mcq);
    // Reading the 0.7.2 code suggested it (§exit-codes); lmms-eval 0.7.3 confirms it: every multiple_choice task fails.
    expect(done).toMatchObject({ status: "failed", exitCode: 0, failureKind: "evaluation_error", resultsPath: null });
    expect(done.reason).toContain("Error during evaluation: ValueError: too many values to unpack (expected 2)");
    expect(done.reason).toContain("lmms-eval 0.7.x cannot score loglikelihood (multiple_choice) tasks");
    const log = consoleOf(ids.mcq);
    expect(log).toContain("Running loglikelihood requests");
    expect(log).toContain("lls, is_greedy = zip(*results)");
  });

  it("the built-in task catalogue from the TypeScript scanner has exactly the names `lmms-eval tasks list` prints", async () => {
    const listed = await tasksListed;
    expect(listed.code, listed.stderr.slice(-2000)).toBe(0);
    const parsed = parseTasksList(listed.stdout);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.names).toHaveLength(parsed.declaredCount);
    const catalogue = await call("GET", "v1/tasks", "/api/v1/tasks");
    // The include folder's tasks are in the catalogue too; `tasks list` without --include_path does not know them.
    const scanned = new Set<string>(catalogue.json.items.filter((item: { source: string }) => item.source === "builtin").map((item: { name: string }) => item.name));
    const listedNames = new Set(parsed.names);
    const onlyScanned = [...scanned].filter((name) => !listedNames.has(name)).sort();
    const onlyListed = [...listedNames].filter((name) => !scanned.has(name)).sort();
    if (onlyScanned.length || onlyListed.length) {
      console.log(`catalogue differs from \`lmms-eval tasks list\`:\n  only in the scan: ${onlyScanned.join(", ") || "-"}\n  only in tasks list: ${onlyListed.join(", ") || "-"}`);
    }
    expect({ onlyScanned, onlyListed }).toEqual({ onlyScanned: [], onlyListed: [] });
    console.log(`catalogue: ${scanned.size} names, identical to \`lmms-eval tasks list\` (which took ${Math.round(listed.ms / 1000)} s)`);
  });
});
