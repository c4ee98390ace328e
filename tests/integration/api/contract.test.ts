import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { setDb } from "@/lib/db";
import { deliveries, NOTIFICATION_EVENTS } from "@/db/schema";
import * as A from "@/lib/api/openapi/api-shapes";
import * as P from "@/lib/services/lmms-eval-protocol/protocol";
import { buildOpenApiDocument, OPERATIONS } from "@/lib/api/openapi/document";
import { CommentDto } from "@/lib/services/comments/comment-dto";
import { SharingDto } from "@/lib/services/comments/sharing";
import { BenchmarkComparison } from "@/lib/services/compare/benchmark-correlation";
import { Board } from "@/lib/services/compare/board";
import { RunComparison } from "@/lib/services/compare/compare-runs";
import { SampleDiff } from "@/lib/services/compare/sample-diff";
import { VersionComparison } from "@/lib/services/models/performance";
import { ModelDetailDto, ModelDto, ModelVersionDto } from "@/lib/services/models/queries";
import { RegisteredRunVersion } from "@/lib/services/models/register-run-version";
import { NotificationPageDto } from "@/lib/services/notifications/notification-dto";
import { CreatedWebhook, WebhookDto } from "@/lib/services/notifications/webhooks";
import { RunResultsDto } from "@/lib/services/results/get-run-results";
import { ImportResult } from "@/lib/services/results/import-runs";
import { SampleDto, SamplePageDto } from "@/lib/services/results/list-samples";
import { CommandPreview } from "@/lib/services/runs/create-run";
import { RunLogsDto } from "@/lib/services/runs/run-dto";
import { RunPageDto } from "@/lib/services/runs/list-runs";
import { BatchDto } from "@/lib/services/schedules/batches";
import { FiringDto, FiringPageDto, ScheduleDetailDto, ScheduleDto } from "@/lib/services/schedules/manage-schedules";
import { SlurmSettingsDto } from "@/lib/services/slurm/schemas";
import { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import { TaskYamlDto } from "@/lib/services/tasks/list-task-catalogue";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { routeUrl } from "../../helpers/api-client";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";
import { syntheticRun } from "../../helpers/synthetic-run";
import { mcnemar } from "@/lib/stats";

useStandinEnvironment();
const dataDir = tempDir("api-contract-");
process.env.DATA_DIR = dataDir;
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");
// The config is parsed once per process, at the first getConfig() (any service may call it): set everything first.
const importsRoot = path.join(dataDir, "to-import");
process.env.IMPORT_ROOTS = importsRoot;
const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_ROOT = path.resolve(import.meta.dirname, "..", "..", "..", "app", "api");
const route = async (p: string) => (await import(/* @vite-ignore */ path.join(API_ROOT, p, "route.ts"))) as Record<string, Handler>;

let token = "";
let viewerToken = "";

async function call(
  method: string,
  routePath: string,
  url: string,
  opts: { params?: Record<string, string>; body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const handler = (await route(routePath))[method];
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const auth = opts.auth === undefined ? token : opts.auth;
  if (auth) headers.authorization = `Bearer ${auth}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(new URL(routeUrl(routePath, url, opts.params), "http://localhost:3000"), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // downloads are not JSON
  }
  return { status: res.status, json, text };
}

function conforms<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`response does not match the documented schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}\n${JSON.stringify(value).slice(0, 500)}`);
  return parsed.data;
}

let importedRunId = 0;
let db: ReturnType<typeof freshDb>;
let adminId = 0;

beforeAll(async () => {
  db = freshDb();
  setDb(db);
  const admin = insertUser(db, "admin");
  adminId = admin.id;
  const viewer = insertUser(db, "viewer");
  token = createApiToken({ db, ctx: ctxFor(admin), input: { name: "contract" } }).token;
  viewerToken = createApiToken({ db, ctx: ctxFor(viewer), input: { name: "viewer" } }).token;
  await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND });
  fs.cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), importsRoot, { recursive: true });
  const imported = await call("POST", "v1/imports", "/api/v1/imports", { body: { path: importsRoot } });
  expect(imported.status, imported.text).toBe(201);
  importedRunId = conforms(ImportResult, imported.json).created[0];
});

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
/** next-auth's own sign-in/session endpoints: the browser login, not part of the REST API. */
const NOT_DOCUMENTED = new Set(["/api/auth/{...nextauth}"]);

/** Every route.ts under app/api as its OpenAPI path: `runs/[id]/samples/[task]` → `/api/runs/{id}/samples/{task}`. */
function routeFiles(dir = API_ROOT): Array<{ file: string; apiPath: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(API_ROOT, dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}"));
    return [{ file: full, apiPath: `/api/${segments.join("/")}` }];
  });
}

/** Multipart as a browser sends it (FormData, streamed without Content-Length). */
async function upload(files: Array<{ name: string; content: Buffer }>, opts: { dryRun?: boolean; auth?: string; headers?: Record<string, string> } = {}) {
  const form = new FormData();
  for (const f of files) form.append("files", new Blob([new Uint8Array(f.content)]), f.name);
  const req = new NextRequest(new URL(`/api/v1/imports${opts.dryRun ? "?dryRun=true" : ""}`, "http://localhost:3000"), {
    method: "POST",
    headers: { authorization: `Bearer ${opts.auth ?? token}`, ...(opts.headers ?? {}) },
    body: form,
  });
  const res = await (await route("v1/imports")).POST(req, { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe("REST API v1 matches its OpenAPI document", () => {
  it("documents every operation with its schemas", () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const op of OPERATIONS) expect(doc.paths[op.path.split("#")[0]]?.[op.method], `${op.method} ${op.path}`).toBeTruthy();
    for (const route of ["v1/runs", "v1/runs/[id]", "v1/runs/[id]/samples", "v1/imports", "lmms-eval/evaluate"]) {
      expect(fs.existsSync(path.resolve(import.meta.dirname, "..", "..", "..", "app", "api", route, "route.ts")), route).toBe(true);
    }
  });

  it("every method every route file exports is in the document, and the document lists no route that does not exist", async () => {
    const files = routeFiles();
    expect(files.map((f) => f.apiPath)).toEqual(expect.arrayContaining(["/api/health", "/api/v1/runs/{id}/samples/{task}/{docId}", "/api/lmms-eval/jobs/{jobId}"]));
    const documented = new Set(OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path.split("#")[0]}`));
    const served = new Set<string>();
    for (const { file, apiPath } of files) {
      if (NOT_DOCUMENTED.has(apiPath)) continue;
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${path.relative(API_ROOT, file)} exports no HTTP method`).toBeGreaterThan(0);
      for (const m of methods) served.add(`${m} ${apiPath}`);
    }
    expect([...served].filter((op) => !documented.has(op)), "served but missing from OPERATIONS in lib/api/openapi/document.ts").toEqual([]);
    expect([...documented].filter((op) => !served.has(op)), "documented but no route.ts exports it").toEqual([]);
  });

  it("GET /api/v1/openapi.json serves the document without a token", async () => {
    const res = await call("GET", "v1/openapi.json", "/api/v1/openapi.json", { auth: null });
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths).toEqual((buildOpenApiDocument() as { paths: unknown }).paths);
    expect(doc.paths["/api/v1/runs/{id}/version"].post.requestBody).toBeTruthy();
    expect(doc.paths["/api/v1/notifications/read"].post.requestBody).toBeTruthy();
    expect(doc.paths["/api/v1/notifications/prefs"].put.requestBody).toBeTruthy();
  });

  it("GET /me, 401 without or with a bad token, errors in the documented shape", async () => {
    conforms(A.Me, (await call("GET", "v1/me", "/api/v1/me")).json);
    for (const auth of [null, "lmd_nope"]) {
      const res = await call("GET", "v1/me", "/api/v1/me", { auth });
      expect(res.status).toBe(401);
      conforms(A.ErrorBody, res.json);
    }
  });

  it("runs: create (201), validation (400 with fields), list, get, logs, cancel, move", async () => {
    const preview = conforms(CommandPreview, (await call("POST", "v1/runs/preview", "/api/v1/runs/preview", { body: { model: "standin", tasks: ["mme"], env: { HF_TOKEN: "hf_secretsecretsecret123" } } })).json);
    expect(preview.command).toMatch(/^HF_TOKEN=\*\*\* python3 -m lmms_eval eval --model standin --tasks mme --output_path \S+\/<id>\/output/);
    const created = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 4, env: { HF_TOKEN: "hf_secretsecretsecret123" } } });
    expect(created.status).toBe(201);
    const { id } = conforms(A.RunCreated, created.json);
    const invalid = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["nope_task"], limit: -1 } });
    expect(invalid.status).toBe(400);
    const error = conforms(A.ErrorBody, invalid.json);
    expect(Object.keys(error.error.fields ?? {})).toContain("limit");
    const malformed = await call("POST", "v1/runs", "/api/v1/runs", { headers: { "content-type": "application/json" }, auth: token, body: undefined });
    expect([400, 422]).toContain(malformed.status);
    expect((await call("POST", "v1/runs", "/api/v1/runs", { auth: viewerToken, body: { model: "standin", tasks: ["mme"] } })).status).toBe(403);

    const list = conforms(RunPageDto, (await call("GET", "v1/runs", "/api/v1/runs?status=queued&limit=5")).json);
    expect(list.items.map((r) => r.id)).toContain(id);
    const detail = conforms(A.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${id}`, { params: { id: String(id) } })).json);
    expect(detail).toMatchObject({ status: "queued", envNames: ["HF_TOKEN"], metrics: [] });
    expect(JSON.stringify(detail)).not.toContain("hf_secret");
    conforms(RunLogsDto, (await call("GET", "v1/runs/[id]/logs", `/api/v1/runs/${id}/logs?tail=10`, { params: { id: String(id) } })).json);
    conforms(A.MoveResult, (await call("POST", "v1/runs/[id]/move", `/api/v1/runs/${id}/move`, { params: { id: String(id) }, body: { direction: "top" } })).json);
    const cancelled = conforms(A.CancelResult, (await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${id}/cancel`, { params: { id: String(id) } })).json);
    expect(cancelled.status).toBe("cancelled");
    expect((await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${id}/cancel`, { params: { id: String(id) } })).status).toBe(409);
    expect((await call("GET", "v1/runs/[id]", "/api/v1/runs/99999", { params: { id: "99999" } })).status).toBe(404);
    expect((await call("GET", "v1/runs/[id]", "/api/v1/runs/abc", { params: { id: "abc" } })).status).toBe(400);
  });

  it("results, samples (filters, search, cursor), categories, downloads", async () => {
    const params = { id: String(importedRunId) };
    const detail = conforms(A.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${importedRunId}`, { params })).json);
    expect(detail.metrics.length).toBeGreaterThan(0);
    const results = conforms(RunResultsDto, (await call("GET", "v1/runs/[id]/results", `/api/v1/runs/${importedRunId}/results`, { params })).json);
    expect(results.tasks.map((t) => t.task).sort()).toEqual(["ai2d", "mme"]);
    const raw = await call("GET", "v1/runs/[id]/results/raw", `/api/v1/runs/${importedRunId}/results/raw`, { params });
    expect(raw.text).toContain('"results"');

    const page = conforms(SamplePageDto, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&limit=2`, { params })).json);
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(6);
    const next = conforms(SamplePageDto, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&limit=2&cursor=${page.nextCursor}`, { params })).json);
    expect(next.items[0].docId).toBeGreaterThan(page.items[1].docId);
    const searched = conforms(SamplePageDto, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&q=python%20code`, { params })).json);
    expect(searched.items.length).toBeGreaterThan(0);
    expect(searched.items.every((s) => /python/i.test(s.input ?? "") && /code/i.test(s.input ?? ""))).toBe(true);
    const wrong = conforms(SamplePageDto, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=ai2d&correct=false`, { params })).json);
    expect(wrong.items.every((s) => s.correct === false)).toBe(true);
    const one = conforms(SampleDto, (await call("GET", "v1/runs/[id]/samples/[task]/[docId]", "/x", { params: { ...params, task: "mme", docId: "0" } })).json);
    expect(one.docId).toBe(0);
    conforms(A.Categories, (await call("GET", "v1/runs/[id]/categories", `/api/v1/runs/${importedRunId}/categories?task=mme`, { params })).json);
    const csv = await call("GET", "v1/runs/[id]/samples/export", `/api/v1/runs/${importedRunId}/samples/export?task=mme&format=csv`, { params });
    expect(csv.text.split("\n")[0]).toBe("task,docId,target,response,primaryMetric,primaryScore,correct,category,failure,inputTokens,outputTokens,input");
    // Inputs hold newlines inside quoted cells: count records by their leading "task,doc_id," instead of lines.
    expect(csv.text.match(/^mme,\d+,/gm)).toHaveLength(6);
    const jsonl = await call("GET", "v1/runs/[id]/samples/export", `/api/v1/runs/${importedRunId}/samples/export?task=ai2d&correct=false`, { params });
    for (const line of jsonl.text.trim().split("\n")) conforms(SampleDto, JSON.parse(line));
    expect((await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples`, { params })).status).toBe(400);
  });

  it("tasks and the import preview", async () => {
    const tasks = conforms(A.TaskList, (await call("GET", "v1/tasks", "/api/v1/tasks?q=mme")).json);
    expect(tasks.items.map((t) => t.name)).toContain("mme");
    conforms(TaskYamlDto, (await call("GET", "v1/tasks/[name]", "/x", { params: { name: "mme" } })).json);
    const preview = await call("POST", "v1/imports", "/api/v1/imports?dryRun=true", { body: { path: process.env.IMPORT_ROOTS } });
    expect(conforms(A.ImportPreview, preview.json).candidates[0].existingRunId).toBe(importedRunId);
    const outside = await call("POST", "v1/imports", "/api/v1/imports", { body: { path: "/etc" } });
    expect(outside.status).toBe(403);
    expect((await call("POST", "v1/imports", "/api/v1/imports", { auth: viewerToken, body: { path: process.env.IMPORT_ROOTS } })).status).toBe(403);
  });
});

describe("model registry API", () => {
  it("models and versions: create, list, get, patch, history, compare, runs from a version", async () => {
    const created = await call("POST", "v1/models", "/api/v1/models", { body: { name: "api-model", description: "d", tags: ["x"] } });
    expect(created.status).toBe(201);
    const model = conforms(ModelDto, created.json);
    expect((await call("POST", "v1/models", "/api/v1/models", { body: { name: "API-model" } })).status).toBe(409);
    conforms(A.ModelList, (await call("GET", "v1/models", "/api/v1/models")).json);
    const params = { id: String(model.id) };
    const v1 = conforms(ModelVersionDto, (await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v1", backend: "standin", modelArgs: "pretrained=org/a" } })).json);
    const v2 = conforms(ModelVersionDto, (await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v2", backend: "standin", modelArgs: "pretrained=org/b", parentVersionId: v1.id } })).json);
    expect((await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v1", backend: "standin" } })).status).toBe(409);
    conforms(A.VersionList, (await call("GET", "v1/models/[id]/versions", "/x", { params })).json);
    expect(conforms(ModelDetailDto, (await call("GET", "v1/models/[id]", "/x", { params })).json).versions).toHaveLength(2);
    conforms(ModelDto, (await call("PATCH", "v1/models/[id]", "/x", { params, body: { description: "new" } })).json);
    const run = await call("POST", "v1/runs", "/api/v1/runs", { body: { modelVersionId: v1.id, tasks: ["mme"] } });
    expect(run.status).toBe(201);
    const locked = await call("PATCH", "v1/versions/[versionId]", "/x", { params: { versionId: String(v1.id) }, body: { modelArgs: "pretrained=org/z" } });
    expect(locked.status).toBe(409);
    expect(conforms(A.ErrorBody, locked.json).error.message).toMatch(/Create a new version/);
    conforms(ModelVersionDto, (await call("PATCH", "v1/versions/[versionId]", "/x", { params: { versionId: String(v1.id) }, body: { notes: "ok" } })).json);
    conforms(A.ModelHistory, (await call("GET", "v1/models/[id]/history", "/x?task=mme", { params })).json);
    const compared = conforms(VersionComparison, (await call("GET", "v1/versions/compare", `/api/v1/versions/compare?a=${v1.id}&b=${v2.id}`)).json);
    expect(compared.configDiff.map((d) => d.field)).toEqual(["model args", "parent"]);

    // A model set to evaluate new versions: registering one answers with the queued evaluation, or why it was not.
    conforms(ModelDto, (await call("PATCH", "v1/models/[id]", "/x", { params, body: { evaluateNewVersions: { tasks: ["mme"] } } })).json);
    const v3 = conforms(A.RegisteredVersion, (await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v3", backend: "standin", modelArgs: "pretrained=org/c" } })).json);
    expect(v3.evaluation).toMatchObject({ status: "queued", tasks: ["mme"] });
  });
});

describe("compare API", () => {
  it("run comparison, per-sample diff, board and benchmark correlation match their schemas", async () => {
    const a = await syntheticRun(db, { createdById: adminId, model: "ma", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 2 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 4 === 0 }] });
    const b = await syntheticRun(db, { createdById: adminId, model: "mb", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 3 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 5 === 0 }] });
    const c = await syntheticRun(db, { createdById: adminId, model: "mc", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 5 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 6 === 0 }] });
    const comparison = conforms(RunComparison, (await call("GET", "v1/compare", `/api/v1/compare?runs=${a},${b},${c}&reference=${a}`)).json);
    expect(comparison.rows.length).toBe(2);
    expect((await call("GET", "v1/compare", `/api/v1/compare?runs=${a}`)).status).toBe(400);
    const diff = conforms(SampleDiff, (await call("GET", "v1/compare/samples", `/api/v1/compare/samples?base=${a}&other=${b}&task=cmp_t&bucket=broken`)).json);
    expect(diff.counts.shared).toBe(60);
    expect(diff.items.every((i) => i.base.correct && !i.other.correct)).toBe(true);
    // REST callers get the same McNemar test the page shows (broken vs fixed on this task).
    expect(diff.test).toEqual({ ...mcnemar(diff.counts.broken, diff.counts.fixed) });
    expect(diff.test?.n).toBe(diff.counts.broken + diff.counts.fixed);
    expect(diff.test?.test).toMatch(/^McNemar/);
    expect((await call("GET", "v1/compare/samples", `/api/v1/compare/samples?base=${a}&other=${b}&task=cmp_t&bucket=sideways`)).status).toBe(400);
    const board = conforms(Board, (await call("GET", "v1/board", "/api/v1/board?columns=cmp_t|exact_match|none,cmp_u|exact_match|none")).json);
    expect(board.rows.length).toBeGreaterThanOrEqual(3);
    const correlation = conforms(BenchmarkComparison, (await call("GET", "v1/benchmarks/compare", "/api/v1/benchmarks/compare?a=cmp_t|exact_match|none&b=cmp_u|exact_match|none")).json);
    expect(correlation.points.length).toBe(3);
  });
});

describe("schedules, batches and notifications API", () => {
  it("matches the documented shapes", async () => {
    const model = conforms(ModelDto, (await call("POST", "v1/models", "/api/v1/models", { body: { name: "sched-model" } })).json);
    const version = conforms(ModelVersionDto, (await call("POST", "v1/models/[id]/versions", "/x", { params: { id: String(model.id) }, body: { label: "v1", backend: "standin" } })).json);
    const target = { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] };
    const created = await call("POST", "v1/schedules", "/api/v1/schedules", { body: { name: "nightly", cron: "0 2 * * *", timezone: "Europe/Berlin", target } });
    expect(created.status).toBe(201);
    const schedule = conforms(ScheduleDto, created.json);
    expect(schedule.description).toBe("At 02:00, every day (Europe/Berlin)");
    const bad = await call("POST", "v1/schedules", "/api/v1/schedules", { body: { name: "x", cron: "nope", timezone: "Nowhere/City", target } });
    expect(bad.status).toBe(400);
    expect(Object.keys(conforms(A.ErrorBody, bad.json).error.fields ?? {})).toEqual(expect.arrayContaining(["cron", "timezone"]));
    conforms(A.ScheduleList, (await call("GET", "v1/schedules", "/api/v1/schedules")).json);
    const params = { id: String(schedule.id) };
    expect(conforms(ScheduleDto, (await call("PATCH", "v1/schedules/[id]", "/x", { params, body: { enabled: false } })).json).enabled).toBe(false);
    const firing = conforms(FiringDto, (await call("POST", "v1/schedules/[id]/run", "/x", { params })).json);
    expect(firing).toMatchObject({ trigger: "manual", outcome: "started" });
    expect(conforms(FiringPageDto, (await call("GET", "v1/schedules/[id]/firings", "/x", { params })).json).items).toHaveLength(1);
    expect((await call("DELETE", "v1/schedules/[id]", "/x", { params })).status).toBe(204);
    expect(conforms(ScheduleDetailDto, (await call("GET", "v1/schedules/[id]", "/x", { params })).json).deleted).toBe(true);
    const batch = conforms(BatchDto, (await call("POST", "v1/batches", "/api/v1/batches", { body: { modelVersionIds: [version.id], tasks: ["mme"] } })).json);
    conforms(BatchDto, (await call("GET", "v1/batches/[id]", "/x", { params: { id: String(batch.id) } })).json);
    conforms(NotificationPageDto, (await call("GET", "v1/notifications", "/api/v1/notifications")).json);
    conforms(A.PrefList, (await call("GET", "v1/notifications/prefs", "/x")).json);
    const hook = conforms(CreatedWebhook, (await call("POST", "v1/webhooks", "/x", { body: { name: "h", url: "https://hooks.example.org/x", events: ["regression"] } })).json);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(conforms(A.WebhookList, (await call("GET", "v1/webhooks", "/x")).json))).not.toContain(hook.secret);
    expect((await call("GET", "v1/webhooks", "/x", { auth: viewerToken })).status).toBe(403);
  });

  it("notifications read/prefs bodies, webhook edit/delete and the delivery log match their schemas", async () => {
    expect(conforms(A.MarkedRead, (await call("POST", "v1/notifications/read", "/x", { body: { all: true } })).json).marked).toBeGreaterThanOrEqual(0);
    const badRead = await call("POST", "v1/notifications/read", "/x", { body: { ids: "all" } });
    expect(badRead.status).toBe(400);
    expect(Object.keys(conforms(A.ErrorBody, badRead.json).error.fields ?? {})).toEqual(["ids"]);
    const [event] = NOTIFICATION_EVENTS;
    const prefs = conforms(A.PrefList, (await call("PUT", "v1/notifications/prefs", "/x", { body: [{ event, inApp: false, email: true }] })).json);
    expect(prefs.items.find((p) => p.event === event)).toEqual({ event, inApp: false, email: true });
    expect((await call("PUT", "v1/notifications/prefs", "/x", { body: [{ event: "nope", inApp: true, email: true }] })).status).toBe(400);

    const { webhook } = conforms(CreatedWebhook, (await call("POST", "v1/webhooks", "/x", { body: { name: "edit-me", url: "https://hooks.example.org/y", events: ["mention"] } })).json);
    const params = { id: String(webhook.id) };
    const edited = conforms(WebhookDto, (await call("PATCH", "v1/webhooks/[id]", "/x", { params, body: { enabled: false, events: ["mention", "reply"] } })).json);
    expect(edited).toMatchObject({ id: webhook.id, name: "edit-me", enabled: false, events: ["mention", "reply"] });
    expect((await call("PATCH", "v1/webhooks/[id]", "/x", { params, body: { url: "ftp://x" } })).status).toBe(400);
    expect((await call("PATCH", "v1/webhooks/[id]", "/x", { params, body: { enabled: true }, auth: viewerToken })).status).toBe(403);
    expect((await call("PATCH", "v1/webhooks/[id]", "/x", { params: { id: "99999" }, body: { enabled: true } })).status).toBe(404);

    db.insert(deliveries).values({ channel: "webhook", webhookId: webhook.id, event: "mention", payload: { text: "hello" }, nextAttemptAt: new Date(), lastStatusCode: 500, lastError: "HTTP 500" }).run();
    const log = conforms(A.DeliveryList, (await call("GET", "v1/deliveries", "/api/v1/deliveries")).json);
    expect(log.items[0]).toMatchObject({ webhookId: webhook.id, status: "pending", lastStatusCode: 500, payload: { text: "hello" } });
    expect((await call("GET", "v1/deliveries", "/x", { auth: viewerToken })).status).toBe(403);

    expect((await call("DELETE", "v1/webhooks/[id]", "/x", { params, auth: viewerToken })).status).toBe(403);
    expect((await call("DELETE", "v1/webhooks/[id]", "/x", { params })).status).toBe(204);
    expect((await call("DELETE", "v1/webhooks/[id]", "/x", { params })).status).toBe(404);
    // Its delivery log went with it.
    expect(conforms(A.DeliveryList, (await call("GET", "v1/deliveries", "/x")).json).items.some((d) => d.webhookId === webhook.id)).toBe(false);
  });
});

describe("SMTP settings and the task catalogue refresh", () => {
  it("admins set, read and remove the mail server; the password never comes back", async () => {
    expect(conforms(A.SmtpSettings, (await call("GET", "v1/settings/smtp", "/api/v1/settings/smtp")).json).smtp).toBeNull();
    expect((await call("GET", "v1/settings/smtp", "/x", { auth: viewerToken })).status).toBe(403);
    expect((await call("PUT", "v1/settings/smtp", "/x", { auth: viewerToken, body: {} })).status).toBe(403);
    const invalid = await call("PUT", "v1/settings/smtp", "/x", { body: { host: "", port: 70000, from: "nobody" } });
    expect(invalid.status).toBe(400);
    expect(Object.keys(conforms(A.ErrorBody, invalid.json).error.fields ?? {}).sort()).toEqual(["from", "host", "port"]);
    const saved = await call("PUT", "v1/settings/smtp", "/x", { body: { host: "smtp.example.org", port: 587, user: "bot", password: "smtp-pass-123", from: "bot@example.org" } });
    expect(saved.status).toBe(200);
    expect(saved.text).not.toContain("smtp-pass-123");
    const expected = { host: "smtp.example.org", port: 587, secure: false, user: "bot", from: "bot@example.org", hasPassword: true };
    expect(conforms(A.SmtpSettings, saved.json).smtp).toEqual(expected);
    // Without a password the stored one is kept.
    expect(conforms(A.SmtpSettings, (await call("PUT", "v1/settings/smtp", "/x", { body: { host: "smtp.example.org", port: 587, user: "bot", from: "bot@example.org" } })).json).smtp).toEqual(expected);
    expect(conforms(A.SmtpSettings, (await call("GET", "v1/settings/smtp", "/x")).json).smtp).toEqual(expected);
    expect((await call("DELETE", "v1/settings/smtp", "/x", { auth: viewerToken })).status).toBe(403);
    expect((await call("DELETE", "v1/settings/smtp", "/x")).status).toBe(204);
    expect(conforms(A.SmtpSettings, (await call("GET", "v1/settings/smtp", "/x")).json).smtp).toBeNull();
  });

  it("POST /tasks/refresh rebuilds the catalogue from the configured lmms-eval (members and admins)", async () => {
    const refreshed = conforms(CatalogueMeta, (await call("POST", "v1/tasks/refresh", "/api/v1/tasks/refresh")).json);
    expect(refreshed.method).not.toBe("none");
    expect(refreshed.count).toBeGreaterThan(0);
    expect((await call("POST", "v1/tasks/refresh", "/x", { auth: viewerToken })).status).toBe(403);
  });
});

describe("multipart import and register as new version", () => {
  const B = path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke");
  const filesOfB = () => fs.readdirSync(B).map((name) => ({ name, content: fs.readFileSync(path.join(B, name)) }));

  it("POST /imports with a real multipart body (results JSON + samples JSONL) creates the run; a preview writes nothing", async () => {
    const preview = await upload(filesOfB(), { dryRun: true });
    expect(preview.status).toBe(200);
    const candidate = conforms(A.ImportPreview, preview.json).candidates[0];
    expect(candidate).toMatchObject({ model: "dummy", modelArgs: "response=A", tasks: ["toy_qa"], samplesFiles: 1, existingRunId: null });

    const imported = await upload(filesOfB());
    expect(imported.status).toBe(201);
    const result = conforms(ImportResult, imported.json);
    expect(result.created).toHaveLength(1);
    const runId = result.created[0];
    expect(result.runs).toEqual([
      { id: runId, created: true, backend: "dummy", modelArgs: "response=A", version: null, canRegister: true, suggestion: { modelName: "dummy", label: "2026-08-06" } },
    ]);
    const params = { id: String(runId) };
    const detail = conforms(A.RunDetail, (await call("GET", "v1/runs/[id]", "/x", { params })).json);
    expect(detail).toMatchObject({ source: "imported", status: "succeeded", model: "dummy", tasks: ["toy_qa"], modelVersionId: null });
    const samples = conforms(SamplePageDto, (await call("GET", "v1/runs/[id]/samples", "/x?task=toy_qa", { params })).json);
    expect(samples.items.map((s) => s.correct)).toEqual([true, false, true, false, true, false]);
    // Nothing is left in the staging folder.
    expect(fs.readdirSync(path.join(dataDir, "imports"))).toEqual([]);

    const viewer = await upload(filesOfB(), { auth: viewerToken });
    expect(viewer.status).toBe(403);
    const tooBig = await upload(filesOfB(), { headers: { "content-length": String(2 * 1024 ** 3) } });
    expect(tooBig.status).toBe(413);
    expect(conforms(A.ErrorBody, tooBig.json).error.message).toMatch(/limit is 1 GB per import/);
  });

  it("POST /runs/{id}/version registers the imported run's configuration as a new version and links the run", async () => {
    const { json } = await upload([
      { name: "20260806_113012_results.json", content: Buffer.from(fs.readFileSync(path.join(B, "20260806_113012_results.json"), "utf8").replaceAll('"response=A"', '"response=B,pretrained=org/toy-vlm"')) },
      { name: "20260806_113012_samples_toy_qa.jsonl", content: fs.readFileSync(path.join(B, "20260806_113012_samples_toy_qa.jsonl")) },
    ]);
    const [run] = conforms(ImportResult, json).runs;
    expect(run).toMatchObject({ version: null, canRegister: true, suggestion: { modelName: "org/toy-vlm", label: "2026-08-06" } });
    const params = { id: String(run.id) };

    const neither = await call("POST", "v1/runs/[id]/version", "/x", { params, body: { label: "v1" } });
    expect(neither.status).toBe(400);
    expect(Object.keys(conforms(A.ErrorBody, neither.json).error.fields ?? {})).toEqual(["modelId"]);
    expect((await call("POST", "v1/runs/[id]/version", "/x", { params, body: { modelId: 1, modelName: "x", label: "v1" } })).status).toBe(400);
    expect((await call("POST", "v1/runs/[id]/version", "/x", { params, body: { modelName: "org/toy-vlm", label: " " } })).status).toBe(400);
    expect((await call("POST", "v1/runs/[id]/version", "/x", { params, body: { modelId: 99999, label: "v1" } })).status).toBe(400);
    expect((await call("POST", "v1/runs/[id]/version", "/x", { params, auth: viewerToken, body: { modelName: "org/toy-vlm", label: "v1" } })).status).toBe(403);
    expect((await call("POST", "v1/runs/[id]/version", "/x", { params: { id: "99999" }, body: { modelName: "org/toy-vlm", label: "v1" } })).status).toBe(404);

    const created = await call("POST", "v1/runs/[id]/version", "/x", { params, body: { modelName: run.suggestion.modelName, label: run.suggestion.label } });
    expect(created.status).toBe(201);
    const registered = conforms(RegisteredRunVersion, created.json);
    expect(registered).toMatchObject({ runId: run.id, createdModel: true, model: { name: "org/toy-vlm" }, version: { label: "2026-08-06", backend: "dummy", modelArgs: "response=B,pretrained=org/toy-vlm", runCount: 1, locked: true } });
    expect(conforms(A.RunDetail, (await call("GET", "v1/runs/[id]", "/x", { params })).json).modelVersionId).toBe(registered.version.id);
    expect(conforms(ModelDetailDto, (await call("GET", "v1/models/[id]", "/x", { params: { id: String(registered.model.id) } })).json).versions.map((v) => v.id)).toEqual([registered.version.id]);

    const again = await call("POST", "v1/runs/[id]/version", "/x", { params, body: { modelId: registered.model.id, label: "v2" } });
    expect(again.status).toBe(409);
    expect(conforms(A.ErrorBody, again.json).error.message).toMatch(/already belongs to version "2026-08-06" of org\/toy-vlm/);

    // The same files again: recognised, and now shown with the version they were registered as.
    const reimported = conforms(ImportResult, (await upload([
      { name: "20260806_113012_results.json", content: Buffer.from(fs.readFileSync(path.join(B, "20260806_113012_results.json"), "utf8").replaceAll('"response=A"', '"response=B,pretrained=org/toy-vlm"')) },
      { name: "20260806_113012_samples_toy_qa.jsonl", content: fs.readFileSync(path.join(B, "20260806_113012_samples_toy_qa.jsonl")) },
    ])).json);
    expect(reimported.runs).toEqual([
      expect.objectContaining({ id: run.id, created: false, canRegister: false, version: { id: registered.version.id, label: "2026-08-06", modelId: registered.model.id, modelName: "org/toy-vlm" } }),
    ]);
  });
});

describe("discussion and sharing API", () => {
  it("comments (run, sample, comparison), edit, delete, sharing, activity and members match their schemas", async () => {
    const other = await syntheticRun(db, { createdById: adminId, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    const params = { id: String(importedRunId) };
    const posted = await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "Why did **mme** drop? <script>alert(1)</script>" } });
    expect(posted.status).toBe(201);
    const top = conforms(CommentDto, posted.json);
    expect(top.html).toContain("<strong>mme</strong>");
    expect(top.html).not.toContain("<script");
    const onSample = conforms(CommentDto, (await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "target wrong", sample: { task: "mme", docId: 0 }, labels: ["label error"] } })).json);
    conforms(CommentDto, (await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "agreed", parentId: onSample.id } })).json);
    const bad = await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "  " } });
    expect(bad.status).toBe(400);
    expect(conforms(A.ErrorBody, bad.json).error.message).toMatch(/write something/);
    expect(conforms(A.CommentList, (await call("GET", "v1/runs/[id]/comments", "/x?task=mme&docId=0", { params })).json).items).toHaveLength(2);
    expect(conforms(A.CommentList, (await call("GET", "v1/runs/[id]/comments", "/x?label=label%20error", { params })).json).items.map((c) => c.id)).toEqual([onSample.id]);
    const edited = conforms(CommentDto, (await call("PATCH", "v1/comments/[id]", "/x", { params: { id: String(top.id) }, body: { body: "edited" } })).json);
    expect(edited.editedAt).not.toBeNull();
    expect((await call("PATCH", "v1/comments/[id]", "/x", { params: { id: String(top.id) }, body: { body: "hijack" }, auth: viewerToken })).status).toBe(403);
    expect((await call("DELETE", "v1/comments/[id]", "/x", { params: { id: String(top.id) } })).status).toBe(204);

    const comparison = `runs:${importedRunId},${other}`;
    expect((await call("POST", "v1/comments", "/x", { body: { comparison, body: "compare notes" } })).status).toBe(201);
    expect(conforms(A.CommentList, (await call("GET", "v1/comments", `/x?comparison=${comparison}`)).json).items).toHaveLength(1);

    const sharing = conforms(SharingDto, (await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "private", members: [] } })).json);
    expect(sharing).toEqual({ visibility: "private", members: [] });
    // A viewer who may not see the private run gets "not found" everywhere, never its comments.
    for (const [routePath, url] of [["v1/runs/[id]", "/x"], ["v1/runs/[id]/comments", "/x"], ["v1/runs/[id]/activity", "/x"], ["v1/runs/[id]/samples", "/x?task=mme"]] as const) {
      expect((await call("GET", routePath, url, { params, auth: viewerToken })).status, routePath).toBe(404);
    }
    expect((await call("GET", "v1/comments", `/x?comparison=${comparison}`, { auth: viewerToken })).status).toBe(404);
    const badShare = await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "secret", members: [{ userId: 99999, permission: "view" }] } });
    expect(badShare.status).toBe(400);
    conforms(SharingDto, (await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "team" } })).json);
    conforms(SharingDto, (await call("GET", "v1/runs/[id]/sharing", "/x", { params })).json);
    const activity = conforms(A.Activity, (await call("GET", "v1/runs/[id]/activity", "/x", { params })).json);
    expect(activity.items.map((i) => i.text)).toEqual(expect.arrayContaining(["changed who can see the run"]));
    expect(conforms(A.MemberList, (await call("GET", "v1/members", "/x?q=")).json).items.length).toBeGreaterThan(0);
  });
});

describe("Slurm settings API", () => {
  it("admins read and replace the settings; field errors in the documented shape; runs choose their executor", async () => {
    const initial = conforms(SlurmSettingsDto, (await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm")).json);
    expect(initial).toMatchObject({ configured: false, defaultExecutor: "local" });
    expect((await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm", { auth: viewerToken })).status).toBe(403);
    expect((await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { auth: viewerToken, body: {} })).status).toBe(403);

    const notConfigured = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["mme"], executor: "slurm" } });
    expect(notConfigured.status).toBe(400);
    expect(conforms(A.ErrorBody, notConfigured.json).error.fields?.executor?.[0]).toMatch(/Slurm is not configured/);

    const invalid = await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { body: { sharedDir: "/no/such/folder", timeLimit: "soon", extraDirectives: ["#SBATCH --output=/x"] } });
    expect(invalid.status).toBe(400);
    expect(Object.keys(conforms(A.ErrorBody, invalid.json).error.fields ?? {}).sort()).toEqual(["extraDirectives", "timeLimit"]);

    const sharedDir = path.join(dataDir, "slurm-shared");
    fs.mkdirSync(sharedDir, { recursive: true });
    const saved = await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { body: { sharedDir, partition: "gpu", gpusPerRun: 1, timeLimit: "02:00:00" } });
    expect(saved.status).toBe(200);
    expect(conforms(SlurmSettingsDto, saved.json)).toMatchObject({ configured: true, sharedDir, partition: "gpu", gpusPerRun: 1, defaultExecutor: "local" });
    expect(conforms(SlurmSettingsDto, (await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm")).json).timeLimit).toBe("02:00:00");

    const created = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["mme"], executor: "slurm" } });
    expect(created.status).toBe(201);
    const { id } = conforms(A.RunCreated, created.json);
    const detail = conforms(A.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${id}`, { params: { id: String(id) } })).json);
    expect(detail).toMatchObject({ executor: "slurm", slurm: { jobId: null, state: null, summary: "not submitted yet" } });
    expect(detail.commandPreview).toContain(`${sharedDir}/runs/${id}/output`);
    await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${id}/cancel`, { params: { id: String(id) } });
    // Back to "not configured" for the other tests.
    expect((await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { body: {} })).status).toBe(200);
  });
});

describe("lmms-eval's own protocol under /api/lmms-eval", () => {
  it("health, evaluate, jobs, queue, tasks, models with lmms-eval's shapes and basic auth `token:<TOKEN>`", async () => {
    const basic = { authorization: `Basic ${Buffer.from(`token:${token}`).toString("base64")}` };
    conforms(P.HealthResponse, (await call("GET", "lmms-eval/health", "/api/lmms-eval/health", { auth: null })).json);
    const submitted = await call("POST", "lmms-eval/evaluate", "/api/lmms-eval/evaluate", {
      auth: null,
      headers: basic,
      body: { model: "standin", tasks: ["mme"], model_args: { pretrained: "org/tiny" }, limit: 2, log_samples: true },
    });
    expect(submitted.status).toBe(200);
    const job = conforms(P.JobSubmitResponse, submitted.json);
    const info = conforms(P.JobInfo, (await call("GET", "lmms-eval/jobs/[jobId]", "/x", { auth: null, headers: basic, params: { jobId: job.job_id } })).json);
    expect(info).toMatchObject({ status: "queued", request: { model: "standin", tasks: ["mme"], model_args: { pretrained: "org/tiny" } } });
    const queue = conforms(P.QueueStatusResponse, (await call("GET", "lmms-eval/queue", "/api/lmms-eval/queue", { auth: null, headers: basic })).json);
    expect(queue.queued_jobs).toContain(job.job_id);
    conforms(P.CancelResponse, (await call("DELETE", "lmms-eval/jobs/[jobId]", "/x", { auth: null, headers: basic, params: { jobId: job.job_id } })).json);
    expect(conforms(P.TasksResponse, (await call("GET", "lmms-eval/tasks", "/x", { auth: null, headers: basic })).json).tasks).toContain("mme");
    expect(conforms(P.ModelsResponse, (await call("GET", "lmms-eval/models", "/x", { auth: null, headers: basic })).json).models).toContain("dummy");
    // The completed job of the imported run carries its metrics.
    const done = conforms(P.JobInfo, (await call("GET", "lmms-eval/jobs/[jobId]", "/x", { auth: null, headers: basic, params: { jobId: String(importedRunId) } })).json);
    expect(done.status).toBe("completed");
    expect((done.result as { metrics: Record<string, Record<string, number>> }).metrics.ai2d["exact_match,flexible-extract"]).toBeCloseTo(0.8335, 3);
    const missing = await call("GET", "lmms-eval/jobs/[jobId]", "/x", { auth: null, headers: basic, params: { jobId: "nope" } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: "Job nope was not found" });
    const unauth = await call("GET", "lmms-eval/queue", "/x", { auth: null, headers: { authorization: `Basic ${Buffer.from("token:lmd_wrong").toString("base64")}` } });
    expect(unauth.status).toBe(401);
  });
});
