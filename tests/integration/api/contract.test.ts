import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { setDb } from "@/db/client";
import * as S from "@/lib/api/openapi/schemas";
import * as P from "@/lib/services/lmms-eval-protocol/protocol";
import { buildOpenApiDocument, OPERATIONS } from "@/lib/api/openapi/document";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";
import { syntheticRun } from "../../helpers/synthetic-run";

useStandinEnvironment();
const dataDir = tempDir("api-contract-");
process.env.DATA_DIR = dataDir;
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");
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
  const req = new NextRequest(new URL(url, "http://localhost:3000"), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
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
  const importsRoot = path.join(dataDir, "to-import");
  fs.cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), importsRoot, { recursive: true });
  process.env.IMPORT_ROOTS = importsRoot;
  // IMPORT_ROOTS is read by the config, parsed once per process: set before the first getConfig().
  const imported = await call("POST", "v1/imports", "/api/v1/imports", { body: { path: importsRoot } });
  expect(imported.status).toBe(201);
  importedRunId = conforms(S.ImportResult, imported.json).created[0];
});

describe("REST API v1 matches its OpenAPI document", () => {
  it("documents every operation with its schemas", () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const op of OPERATIONS) expect(doc.paths[op.path.split("#")[0]]?.[op.method], `${op.method} ${op.path}`).toBeTruthy();
    for (const route of ["v1/runs", "v1/runs/[id]", "v1/runs/[id]/samples", "v1/imports", "lmms-eval/evaluate"]) {
      expect(fs.existsSync(path.resolve(import.meta.dirname, "..", "..", "..", "app", "api", route, "route.ts")), route).toBe(true);
    }
  });

  it("GET /me, 401 without or with a bad token, errors in the documented shape", async () => {
    conforms(S.Me, (await call("GET", "v1/me", "/api/v1/me")).json);
    for (const auth of [null, "lmd_nope"]) {
      const res = await call("GET", "v1/me", "/api/v1/me", { auth });
      expect(res.status).toBe(401);
      conforms(S.ErrorBody, res.json);
    }
  });

  it("runs: create (201), validation (400 with fields), list, get, logs, cancel, move", async () => {
    const preview = conforms(S.CommandPreview, (await call("POST", "v1/runs/preview", "/api/v1/runs/preview", { body: { model: "standin", tasks: ["mme"], env: { HF_TOKEN: "hf_secretsecretsecret123" } } })).json);
    expect(preview.command).toMatch(/^HF_TOKEN=\*\*\* python3 -m lmms_eval eval --model standin --tasks mme --output_path \S+\/<id>\/output/);
    const created = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 4, env: { HF_TOKEN: "hf_secretsecretsecret123" } } });
    expect(created.status).toBe(201);
    const { id } = conforms(S.Created, created.json);
    const invalid = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["nope_task"], limit: -1 } });
    expect(invalid.status).toBe(400);
    const error = conforms(S.ErrorBody, invalid.json);
    expect(Object.keys(error.error.fields ?? {})).toContain("limit");
    const malformed = await call("POST", "v1/runs", "/api/v1/runs", { headers: { "content-type": "application/json" }, auth: token, body: undefined });
    expect([400, 422]).toContain(malformed.status);
    expect((await call("POST", "v1/runs", "/api/v1/runs", { auth: viewerToken, body: { model: "standin", tasks: ["mme"] } })).status).toBe(403);

    const list = conforms(S.RunList, (await call("GET", "v1/runs", "/api/v1/runs?status=queued&limit=5")).json);
    expect(list.items.map((r) => r.id)).toContain(id);
    const detail = conforms(S.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${id}`, { params: { id: String(id) } })).json);
    expect(detail).toMatchObject({ status: "queued", envNames: ["HF_TOKEN"], metrics: [] });
    expect(JSON.stringify(detail)).not.toContain("hf_secret");
    conforms(S.RunLogs, (await call("GET", "v1/runs/[id]/logs", `/api/v1/runs/${id}/logs?tail=10`, { params: { id: String(id) } })).json);
    conforms(S.MoveResult, (await call("POST", "v1/runs/[id]/move", `/api/v1/runs/${id}/move`, { params: { id: String(id) }, body: { direction: "top" } })).json);
    const cancelled = conforms(S.CancelResult, (await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${id}/cancel`, { params: { id: String(id) } })).json);
    expect(cancelled.status).toBe("cancelled");
    expect((await call("POST", "v1/runs/[id]/cancel", `/api/v1/runs/${id}/cancel`, { params: { id: String(id) } })).status).toBe(409);
    expect((await call("GET", "v1/runs/[id]", "/api/v1/runs/99999", { params: { id: "99999" } })).status).toBe(404);
    expect((await call("GET", "v1/runs/[id]", "/api/v1/runs/abc", { params: { id: "abc" } })).status).toBe(400);
  });

  it("results, samples (filters, search, cursor), categories, downloads", async () => {
    const params = { id: String(importedRunId) };
    const detail = conforms(S.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${importedRunId}`, { params })).json);
    expect(detail.metrics.length).toBeGreaterThan(0);
    const results = conforms(S.RunResults, (await call("GET", "v1/runs/[id]/results", `/api/v1/runs/${importedRunId}/results`, { params })).json);
    expect(results.tasks.map((t) => t.task).sort()).toEqual(["ai2d", "mme"]);
    const raw = await call("GET", "v1/runs/[id]/results/raw", `/api/v1/runs/${importedRunId}/results/raw`, { params });
    expect(raw.text).toContain('"results"');

    const page = conforms(S.SamplePage, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&limit=2`, { params })).json);
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(6);
    const next = conforms(S.SamplePage, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&limit=2&cursor=${page.nextCursor}`, { params })).json);
    expect(next.items[0].docId).toBeGreaterThan(page.items[1].docId);
    const searched = conforms(S.SamplePage, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=mme&q=python%20code`, { params })).json);
    expect(searched.items.length).toBeGreaterThan(0);
    expect(searched.items.every((s) => /python/i.test(s.input ?? "") && /code/i.test(s.input ?? ""))).toBe(true);
    const wrong = conforms(S.SamplePage, (await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples?task=ai2d&correct=false`, { params })).json);
    expect(wrong.items.every((s) => s.correct === false)).toBe(true);
    const one = conforms(S.Sample, (await call("GET", "v1/runs/[id]/samples/[task]/[docId]", "/x", { params: { ...params, task: "mme", docId: "0" } })).json);
    expect(one.docId).toBe(0);
    conforms(S.Categories, (await call("GET", "v1/runs/[id]/categories", `/api/v1/runs/${importedRunId}/categories?task=mme`, { params })).json);
    const csv = await call("GET", "v1/runs/[id]/samples/export", `/api/v1/runs/${importedRunId}/samples/export?task=mme&format=csv`, { params });
    expect(csv.text.split("\n")[0]).toBe("task,docId,target,response,primaryMetric,primaryScore,correct,category,failure,inputTokens,outputTokens,input");
    // Inputs hold newlines inside quoted cells: count records by their leading "task,doc_id," instead of lines.
    expect(csv.text.match(/^mme,\d+,/gm)).toHaveLength(6);
    const jsonl = await call("GET", "v1/runs/[id]/samples/export", `/api/v1/runs/${importedRunId}/samples/export?task=ai2d&correct=false`, { params });
    for (const line of jsonl.text.trim().split("\n")) conforms(S.Sample, JSON.parse(line));
    expect((await call("GET", "v1/runs/[id]/samples", `/api/v1/runs/${importedRunId}/samples`, { params })).status).toBe(400);
  });

  it("tasks and the import preview", async () => {
    const tasks = conforms(S.TaskList, (await call("GET", "v1/tasks", "/api/v1/tasks?q=mme")).json);
    expect(tasks.items.map((t) => t.name)).toContain("mme");
    conforms(S.TaskYaml, (await call("GET", "v1/tasks/[name]", "/x", { params: { name: "mme" } })).json);
    const preview = await call("POST", "v1/imports", "/api/v1/imports?dryRun=true", { body: { path: process.env.IMPORT_ROOTS } });
    expect(conforms(S.ImportPreview, preview.json).candidates[0].existingRunId).toBe(importedRunId);
    const outside = await call("POST", "v1/imports", "/api/v1/imports", { body: { path: "/etc" } });
    expect(outside.status).toBe(403);
    expect((await call("POST", "v1/imports", "/api/v1/imports", { auth: viewerToken, body: { path: process.env.IMPORT_ROOTS } })).status).toBe(403);
  });
});

describe("model registry API", () => {
  it("models and versions: create, list, get, patch, history, compare, runs from a version", async () => {
    const created = await call("POST", "v1/models", "/api/v1/models", { body: { name: "api-model", description: "d", tags: ["x"] } });
    expect(created.status).toBe(201);
    const model = conforms(S.Model, created.json);
    expect((await call("POST", "v1/models", "/api/v1/models", { body: { name: "API-model" } })).status).toBe(409);
    conforms(S.ModelList, (await call("GET", "v1/models", "/api/v1/models")).json);
    const params = { id: String(model.id) };
    const v1 = conforms(S.ModelVersion, (await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v1", backend: "standin", modelArgs: "pretrained=org/a" } })).json);
    const v2 = conforms(S.ModelVersion, (await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v2", backend: "standin", modelArgs: "pretrained=org/b", parentVersionId: v1.id } })).json);
    expect((await call("POST", "v1/models/[id]/versions", "/x", { params, body: { label: "v1", backend: "standin" } })).status).toBe(409);
    conforms(S.VersionList, (await call("GET", "v1/models/[id]/versions", "/x", { params })).json);
    expect(conforms(S.ModelDetail, (await call("GET", "v1/models/[id]", "/x", { params })).json).versions).toHaveLength(2);
    conforms(S.Model, (await call("PATCH", "v1/models/[id]", "/x", { params, body: { description: "new" } })).json);
    const run = await call("POST", "v1/runs", "/api/v1/runs", { body: { modelVersionId: v1.id, tasks: ["mme"] } });
    expect(run.status).toBe(201);
    const locked = await call("PATCH", "v1/versions/[versionId]", "/x", { params: { versionId: String(v1.id) }, body: { modelArgs: "pretrained=org/z" } });
    expect(locked.status).toBe(409);
    expect(conforms(S.ErrorBody, locked.json).error.message).toMatch(/Create a new version/);
    conforms(S.ModelVersion, (await call("PATCH", "v1/versions/[versionId]", "/x", { params: { versionId: String(v1.id) }, body: { notes: "ok" } })).json);
    conforms(S.ModelHistory, (await call("GET", "v1/models/[id]/history", "/x?task=mme", { params })).json);
    const compared = conforms(S.VersionComparison, (await call("GET", "v1/versions/compare", `/api/v1/versions/compare?a=${v1.id}&b=${v2.id}`)).json);
    expect(compared.configDiff.map((d) => d.field)).toEqual(["model args", "parent"]);
  });
});

describe("compare API", () => {
  it("run comparison, per-sample diff, board and benchmark correlation match their schemas", async () => {
    const a = await syntheticRun(db, { createdById: adminId, model: "ma", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 2 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 4 === 0 }] });
    const b = await syntheticRun(db, { createdById: adminId, model: "mb", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 3 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 5 === 0 }] });
    const c = await syntheticRun(db, { createdById: adminId, model: "mc", tasks: [{ task: "cmp_t", docs: 60, correct: (i) => i % 5 === 0 }, { task: "cmp_u", docs: 60, correct: (i) => i % 6 === 0 }] });
    const comparison = conforms(S.RunComparison, (await call("GET", "v1/compare", `/api/v1/compare?runs=${a},${b},${c}&reference=${a}`)).json);
    expect(comparison.rows.length).toBe(2);
    expect((await call("GET", "v1/compare", `/api/v1/compare?runs=${a}`)).status).toBe(400);
    const diff = conforms(S.SampleDiff, (await call("GET", "v1/compare/samples", `/api/v1/compare/samples?base=${a}&other=${b}&task=cmp_t&bucket=broken`)).json);
    expect(diff.counts.shared).toBe(60);
    expect(diff.items.every((i) => i.base.correct && !i.other.correct)).toBe(true);
    expect((await call("GET", "v1/compare/samples", `/api/v1/compare/samples?base=${a}&other=${b}&task=cmp_t&bucket=sideways`)).status).toBe(400);
    const board = conforms(S.Board, (await call("GET", "v1/board", "/api/v1/board?columns=cmp_t|exact_match|none,cmp_u|exact_match|none")).json);
    expect(board.rows.length).toBeGreaterThanOrEqual(3);
    const correlation = conforms(S.BenchmarkComparison, (await call("GET", "v1/benchmarks/compare", "/api/v1/benchmarks/compare?a=cmp_t|exact_match|none&b=cmp_u|exact_match|none")).json);
    expect(correlation.points.length).toBe(3);
  });
});

describe("schedules, batches and notifications API", () => {
  it("matches the documented shapes", async () => {
    const model = conforms(S.Model, (await call("POST", "v1/models", "/api/v1/models", { body: { name: "sched-model" } })).json);
    const version = conforms(S.ModelVersion, (await call("POST", "v1/models/[id]/versions", "/x", { params: { id: String(model.id) }, body: { label: "v1", backend: "standin" } })).json);
    const target = { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] };
    const created = await call("POST", "v1/schedules", "/api/v1/schedules", { body: { name: "nightly", cron: "0 2 * * *", timezone: "Europe/Berlin", target } });
    expect(created.status).toBe(201);
    const schedule = conforms(S.Schedule, created.json);
    expect(schedule.description).toBe("At 02:00, every day (Europe/Berlin)");
    const bad = await call("POST", "v1/schedules", "/api/v1/schedules", { body: { name: "x", cron: "nope", timezone: "Nowhere/City", target } });
    expect(bad.status).toBe(400);
    expect(Object.keys(conforms(S.ErrorBody, bad.json).error.fields ?? {})).toEqual(expect.arrayContaining(["cron", "timezone"]));
    conforms(S.ScheduleList, (await call("GET", "v1/schedules", "/api/v1/schedules")).json);
    const params = { id: String(schedule.id) };
    expect(conforms(S.Schedule, (await call("PATCH", "v1/schedules/[id]", "/x", { params, body: { enabled: false } })).json).enabled).toBe(false);
    const firing = conforms(S.Firing, (await call("POST", "v1/schedules/[id]/run", "/x", { params })).json);
    expect(firing).toMatchObject({ trigger: "manual", outcome: "started" });
    expect(conforms(S.FiringList, (await call("GET", "v1/schedules/[id]/firings", "/x", { params })).json).items).toHaveLength(1);
    expect((await call("DELETE", "v1/schedules/[id]", "/x", { params })).status).toBe(204);
    expect(conforms(S.ScheduleDetail, (await call("GET", "v1/schedules/[id]", "/x", { params })).json).deleted).toBe(true);
    const batch = conforms(S.Batch, (await call("POST", "v1/batches", "/api/v1/batches", { body: { modelVersionIds: [version.id], tasks: ["mme"] } })).json);
    conforms(S.Batch, (await call("GET", "v1/batches/[id]", "/x", { params: { id: String(batch.id) } })).json);
    conforms(S.NotificationList, (await call("GET", "v1/notifications", "/api/v1/notifications")).json);
    conforms(S.PrefList, (await call("GET", "v1/notifications/prefs", "/x")).json);
    const hook = conforms(S.WebhookCreated, (await call("POST", "v1/webhooks", "/x", { body: { name: "h", url: "https://hooks.example.org/x", events: ["regression"] } })).json);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(conforms(S.WebhookList, (await call("GET", "v1/webhooks", "/x")).json))).not.toContain(hook.secret);
    expect((await call("GET", "v1/webhooks", "/x", { auth: viewerToken })).status).toBe(403);
  });
});

describe("discussion and sharing API", () => {
  it("comments (run, sample, comparison), edit, delete, sharing, activity and members match their schemas", async () => {
    const other = await syntheticRun(db, { createdById: adminId, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    const params = { id: String(importedRunId) };
    const posted = await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "Why did **mme** drop? <script>alert(1)</script>" } });
    expect(posted.status).toBe(201);
    const top = conforms(S.Comment, posted.json);
    expect(top.html).toContain("<strong>mme</strong>");
    expect(top.html).not.toContain("<script");
    const onSample = conforms(S.Comment, (await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "target wrong", sample: { task: "mme", docId: 0 }, labels: ["label error"] } })).json);
    conforms(S.Comment, (await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "agreed", parentId: onSample.id } })).json);
    const bad = await call("POST", "v1/runs/[id]/comments", "/x", { params, body: { body: "  " } });
    expect(bad.status).toBe(400);
    expect(conforms(S.ErrorBody, bad.json).error.message).toMatch(/write something/);
    expect(conforms(S.CommentList, (await call("GET", "v1/runs/[id]/comments", "/x?task=mme&docId=0", { params })).json).items).toHaveLength(2);
    expect(conforms(S.CommentList, (await call("GET", "v1/runs/[id]/comments", "/x?label=label%20error", { params })).json).items.map((c) => c.id)).toEqual([onSample.id]);
    const edited = conforms(S.Comment, (await call("PATCH", "v1/comments/[id]", "/x", { params: { id: String(top.id) }, body: { body: "edited" } })).json);
    expect(edited.editedAt).not.toBeNull();
    expect((await call("PATCH", "v1/comments/[id]", "/x", { params: { id: String(top.id) }, body: { body: "hijack" }, auth: viewerToken })).status).toBe(403);
    expect((await call("DELETE", "v1/comments/[id]", "/x", { params: { id: String(top.id) } })).status).toBe(204);

    const comparison = `runs:${importedRunId},${other}`;
    expect((await call("POST", "v1/comments", "/x", { body: { comparison, body: "compare notes" } })).status).toBe(201);
    expect(conforms(S.CommentList, (await call("GET", "v1/comments", `/x?comparison=${comparison}`)).json).items).toHaveLength(1);

    const sharing = conforms(S.Sharing, (await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "private", members: [] } })).json);
    expect(sharing).toEqual({ visibility: "private", members: [] });
    // A viewer who may not see the private run gets "not found" everywhere, never its comments.
    for (const [routePath, url] of [["v1/runs/[id]", "/x"], ["v1/runs/[id]/comments", "/x"], ["v1/runs/[id]/activity", "/x"], ["v1/runs/[id]/samples", "/x?task=mme"]] as const) {
      expect((await call("GET", routePath, url, { params, auth: viewerToken })).status, routePath).toBe(404);
    }
    expect((await call("GET", "v1/comments", `/x?comparison=${comparison}`, { auth: viewerToken })).status).toBe(404);
    const badShare = await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "secret", members: [{ userId: 99999, permission: "view" }] } });
    expect(badShare.status).toBe(400);
    conforms(S.Sharing, (await call("PUT", "v1/runs/[id]/sharing", "/x", { params, body: { visibility: "team" } })).json);
    conforms(S.Sharing, (await call("GET", "v1/runs/[id]/sharing", "/x", { params })).json);
    const activity = conforms(S.Activity, (await call("GET", "v1/runs/[id]/activity", "/x", { params })).json);
    expect(activity.items.map((i) => i.text)).toEqual(expect.arrayContaining(["changed who can see the run"]));
    expect(conforms(S.MemberList, (await call("GET", "v1/members", "/x?q=")).json).items.length).toBeGreaterThan(0);
  });
});

describe("Slurm settings API", () => {
  it("admins read and replace the settings; field errors in the documented shape; runs choose their executor", async () => {
    const initial = conforms(S.SlurmSettings, (await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm")).json);
    expect(initial).toMatchObject({ configured: false, defaultExecutor: "local" });
    expect((await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm", { auth: viewerToken })).status).toBe(403);
    expect((await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { auth: viewerToken, body: {} })).status).toBe(403);

    const notConfigured = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["mme"], executor: "slurm" } });
    expect(notConfigured.status).toBe(400);
    expect(conforms(S.ErrorBody, notConfigured.json).error.fields?.executor?.[0]).toMatch(/Slurm is not configured/);

    const invalid = await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { body: { sharedDir: "/no/such/folder", timeLimit: "soon", extraDirectives: ["#SBATCH --output=/x"] } });
    expect(invalid.status).toBe(400);
    expect(Object.keys(conforms(S.ErrorBody, invalid.json).error.fields ?? {}).sort()).toEqual(["extraDirectives", "timeLimit"]);

    const sharedDir = path.join(dataDir, "slurm-shared");
    fs.mkdirSync(sharedDir, { recursive: true });
    const saved = await call("PUT", "v1/settings/slurm", "/api/v1/settings/slurm", { body: { sharedDir, partition: "gpu", gpusPerRun: 1, timeLimit: "02:00:00" } });
    expect(saved.status).toBe(200);
    expect(conforms(S.SlurmSettings, saved.json)).toMatchObject({ configured: true, sharedDir, partition: "gpu", gpusPerRun: 1, defaultExecutor: "local" });
    expect(conforms(S.SlurmSettings, (await call("GET", "v1/settings/slurm", "/api/v1/settings/slurm")).json).timeLimit).toBe("02:00:00");

    const created = await call("POST", "v1/runs", "/api/v1/runs", { body: { model: "standin", tasks: ["mme"], executor: "slurm" } });
    expect(created.status).toBe(201);
    const { id } = conforms(S.Created, created.json);
    const detail = conforms(S.RunDetail, (await call("GET", "v1/runs/[id]", `/api/v1/runs/${id}`, { params: { id: String(id) } })).json);
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
