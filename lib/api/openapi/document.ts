import { z } from "zod";
import { CreateRunInput } from "@/lib/services/runs/create-run";
import { RunFilter } from "@/lib/services/runs/list-runs";
import { SampleFilter } from "@/lib/services/results/list-samples";
import * as P from "@/lib/services/lmms-eval-protocol/protocol";
import { ModelFilter } from "@/lib/services/models/manage-models";
import { CreateModelInput, CreateVersionInput, UpdateModelFields, UpdateVersionInput } from "@/lib/services/models/schemas";
import { BenchmarkCompareInput } from "@/lib/services/compare/benchmark-correlation";
import { BoardQuery } from "@/lib/services/compare/board";
import { CompareRunsInput } from "@/lib/services/compare/compare-runs";
import { SampleDiffInput } from "@/lib/services/compare/sample-diff";
import { SlurmSettingsInput } from "@/lib/services/slurm/schemas";
import { WebhookInput } from "@/lib/services/notifications/webhooks";
import { MarkReadInput, NotificationPrefsInput, NotificationQuery } from "@/lib/services/notifications/center";
import { SmtpInput } from "@/lib/services/notifications/settings";
import { RegisterRunVersionInput } from "@/lib/services/models/register-run-version";
import { BatchInput, CreateScheduleInput, ScheduleFields } from "@/lib/services/schedules/schemas";
import { CommentQuery, ComparisonCommentBody, RunCommentBody, UpdateCommentInput } from "@/lib/services/comments/comments";
import { SharingInput } from "@/lib/services/comments/sharing";
import * as S from "./schemas";

type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  pathParams?: Record<string, string>;
  body?: z.ZodType;
  bodyType?: "json" | "multipart";
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  auth?: boolean;
};

const LogsQuery = z.object({
  after: z.coerce.number().int().min(0).optional().describe("lines after this sequence number (reconnect catch-up)"),
  tail: z.coerce.number().int().min(1).max(10_000).optional().describe("the last N lines"),
});
const MoveBody = z.object({ direction: z.enum(["top", "up", "down", "bottom"]) });
const ImportBody = z.object({ path: z.string().describe("a folder on the server, inside IMPORT_ROOTS (admins only)") });
const UploadBody = z.object({ files: z.array(z.string()).describe("results JSON, samples JSONL, .zip or .tar.gz files (binary)") });
const DryRun = z.object({ dryRun: z.enum(["true", "false"]).optional().describe("preview what would be imported, write nothing") });
const ExportQuery = SampleFilter.extend({ format: z.enum(["jsonl", "csv"]).default("jsonl") });

const runId = { id: "run id" };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { description: { 400: "invalid input", 401: "missing or invalid token", 403: "not allowed for this role", 404: "not found", 409: "conflict", 413: "too large", 422: "unprocessable", 429: "too many requests: wait and retry" }[c] ?? "error", schema: S.ErrorBody }]));

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/health", summary: "Liveness and readiness (no auth, no secrets)", tag: "system", auth: false, responses: { 200: { description: "ok", schema: S.Health } } },
  { method: "get", path: "/api/v1/openapi.json", summary: "This document (no auth: it describes the interface, not data)", tag: "system", auth: false, responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } } },
  { method: "get", path: "/api/v1/me", summary: "The token's user", tag: "account", responses: { 200: { description: "user", schema: S.Me }, ...errors(401) } },
  { method: "get", path: "/api/v1/runs", summary: "List runs (filters + cursor)", tag: "runs", query: RunFilter, responses: { 200: { description: "a page of runs", schema: S.RunList }, ...errors(400, 401) } },
  { method: "post", path: "/api/v1/runs", summary: "Launch an lmms-eval run", tag: "runs", body: CreateRunInput, responses: { 201: { description: "queued", schema: S.Created }, ...errors(400, 401, 403) } },
  { method: "post", path: "/api/v1/runs/preview", summary: "The command a launch with this body would run (nothing queued)", tag: "runs", body: CreateRunInput, responses: { 200: { description: "preview", schema: S.CommandPreview }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/v1/runs/{id}", summary: "A run with live progress and its metrics", tag: "runs", pathParams: runId, responses: { 200: { description: "run", schema: S.RunDetail }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/cancel", summary: "Cancel a queued or running run", tag: "runs", pathParams: runId, responses: { 200: { description: "cancelled or stopping", schema: S.CancelResult }, ...errors(401, 403, 404, 409) } },
  { method: "post", path: "/api/v1/runs/{id}/move", summary: "Reorder a queued run", tag: "runs", pathParams: runId, body: MoveBody, responses: { 200: { description: "new position", schema: S.MoveResult }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/runs/{id}/logs", summary: "Console lines (after a sequence number, or the last N)", tag: "runs", pathParams: runId, query: LogsQuery, responses: { 200: { description: "lines", schema: S.RunLogs }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/console", summary: "The full console (secrets masked) as a download", tag: "runs", pathParams: runId, responses: { 200: { description: "text", contentType: "text/plain" }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/results", summary: "Ingested results: tasks, metrics with stderrs, throughput/usage/efficiency", tag: "results", pathParams: runId, responses: { 200: { description: "results", schema: S.RunResults }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/results/raw", summary: "The results JSON as lmms-eval wrote it", tag: "results", pathParams: runId, responses: { 200: { description: "JSON file", contentType: "application/json" }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/samples", summary: "Samples of one task: filter, search, cursor", tag: "results", pathParams: runId, query: SampleFilter, responses: { 200: { description: "a page of samples", schema: S.SamplePage }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/runs/{id}/samples/export", summary: "The filtered samples as JSONL or CSV", tag: "results", pathParams: runId, query: ExportQuery, responses: { 200: { description: "file", contentType: "application/x-ndjson" }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/runs/{id}/samples/{task}/{docId}", summary: "One sample", tag: "results", pathParams: { ...runId, task: "task name", docId: "doc_id" }, responses: { 200: { description: "sample", schema: S.Sample }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/version", summary: "Register as new version: a version of a model (existing, or created by name) from the run's backend, model args and gen kwargs, with the run linked to it", tag: "models", pathParams: runId, body: RegisterRunVersionInput, responses: { 201: { description: "registered and linked", schema: S.RunVersionRegistered }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/runs/{id}/categories", summary: "Per-category scores of a task", tag: "results", pathParams: runId, query: z.object({ task: z.string() }), responses: { 200: { description: "categories", schema: S.Categories }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/imports", summary: "Import lmms-eval output: multipart `files` (1 GB in all per request), or {path} (admins)", tag: "results", query: DryRun, body: UploadBody, bodyType: "multipart", responses: { 201: { description: "imported", schema: S.ImportResult }, 200: { description: "preview (dryRun=true)", schema: S.ImportPreview }, ...errors(400, 401, 403, 413, 422) } },
  { method: "post", path: "/api/v1/imports#path", summary: "Import a server folder (admins, inside IMPORT_ROOTS)", tag: "results", query: DryRun, body: ImportBody, responses: { 201: { description: "imported", schema: S.ImportResult }, 200: { description: "preview (dryRun=true)", schema: S.ImportPreview }, ...errors(400, 401, 403, 422) } },
  { method: "get", path: "/api/v1/tasks", summary: "The task catalogue", tag: "tasks", query: z.object({ q: z.string().optional() }), responses: { 200: { description: "tasks", schema: S.TaskList }, ...errors(401) } },
  { method: "post", path: "/api/v1/tasks/refresh", summary: "Rebuild the task catalogue from the installed lmms-eval (members; slow: scans every task YAML)", tag: "tasks", responses: { 200: { description: "what was found", schema: S.CatalogueRefresh }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/tasks/{name}", summary: "A task's YAML", tag: "tasks", pathParams: { name: "task name" }, responses: { 200: { description: "yaml", schema: S.TaskYaml }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/media", summary: "An image a sample refers to (from MEDIA_ROOTS)", tag: "results", query: z.object({ ref: z.string() }), responses: { 200: { description: "image", contentType: "image/*" }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/models", summary: "List models", tag: "models", query: ModelFilter, responses: { 200: { description: "models", schema: S.ModelList }, ...errors(401) } },
  { method: "post", path: "/api/v1/models", summary: "Register a model", tag: "models", body: CreateModelInput, responses: { 201: { description: "created", schema: S.Model }, ...errors(400, 401, 403, 409) } },
  { method: "get", path: "/api/v1/models/{id}", summary: "A model with its versions", tag: "models", pathParams: { id: "model id" }, responses: { 200: { description: "model", schema: S.ModelDetail }, ...errors(401, 404) } },
  { method: "patch", path: "/api/v1/models/{id}", summary: "Edit or archive a model (archiving with queued runs needs confirmQueuedRuns)", tag: "models", pathParams: { id: "model id" }, body: UpdateModelFields.omit({ modelId: true }), responses: { 200: { description: "model", schema: S.Model }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/models/{id}/versions", summary: "A model's versions", tag: "models", pathParams: { id: "model id" }, responses: { 200: { description: "versions", schema: S.VersionList }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/models/{id}/versions", summary: "Register a version", tag: "models", pathParams: { id: "model id" }, body: CreateVersionInput.omit({ modelId: true }), responses: { 201: { description: "created", schema: S.RegisteredVersion }, ...errors(400, 401, 403, 404, 409) } },
  { method: "patch", path: "/api/v1/versions/{versionId}", summary: "Edit a version (configuration frozen once runs used it)", tag: "models", pathParams: { versionId: "version id" }, body: UpdateVersionInput.omit({ versionId: true }), responses: { 200: { description: "version", schema: S.ModelVersion }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/models/{id}/history", summary: "Score history of one benchmark across versions and time", tag: "models", pathParams: { id: "model id" }, query: z.object({ task: z.string().optional(), metric: z.string().optional(), filter: z.string().optional() }), responses: { 200: { description: "series", schema: S.ModelHistory }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/versions/compare", summary: "Two versions: config diff and results with significance", tag: "models", query: z.object({ a: z.string(), b: z.string() }), responses: { 200: { description: "comparison", schema: S.VersionComparison }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/compare", summary: "Compare 2–N runs: aligned metrics, deltas vs a reference, paired tests, Holm", tag: "compare", query: CompareRunsInput, responses: { 200: { description: "comparison", schema: S.RunComparison }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/compare/samples", summary: "Per-sample diff of two runs on a task (counts + a bucket's samples)", tag: "compare", query: SampleDiffInput, responses: { 200: { description: "diff", schema: S.SampleDiff }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/board", summary: "The models × benchmarks board", tag: "compare", query: BoardQuery, responses: { 200: { description: "board", schema: S.Board }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/benchmarks/compare", summary: "Correlation of two benchmarks across models (Spearman, Kendall)", tag: "compare", query: BenchmarkCompareInput, responses: { 200: { description: "correlation", schema: S.BenchmarkComparison }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/settings/slurm", summary: "Slurm settings (admins)", tag: "settings", responses: { 200: { description: "settings", schema: S.SlurmSettings }, ...errors(401, 403) } },
  { method: "put", path: "/api/v1/settings/slurm", summary: "Replace the Slurm settings (admins; omitted fields take their defaults)", tag: "settings", body: SlurmSettingsInput, responses: { 200: { description: "saved", schema: S.SlurmSettings }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/v1/schedules", summary: "Scheduled evaluations and comparisons", tag: "schedules", responses: { 200: { description: "schedules", schema: S.ScheduleList }, ...errors(401) } },
  { method: "post", path: "/api/v1/schedules", summary: "Create a schedule", tag: "schedules", body: CreateScheduleInput, responses: { 201: { description: "created", schema: S.Schedule }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/schedules/{id}", summary: "A schedule with its next fire times", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 200: { description: "schedule", schema: S.ScheduleDetail }, ...errors(401, 404) } },
  { method: "patch", path: "/api/v1/schedules/{id}", summary: "Edit, pause (enabled=false) or resume a schedule", tag: "schedules", pathParams: { id: "schedule id" }, body: ScheduleFields.partial(), responses: { 200: { description: "schedule", schema: S.Schedule }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/schedules/{id}", summary: "Delete a schedule (its firings stay as history)", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "post", path: "/api/v1/schedules/{id}/run", summary: "Run a schedule now", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 201: { description: "the firing", schema: S.Firing }, ...errors(401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/schedules/{id}/firings", summary: "Firing history", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 200: { description: "firings", schema: S.FiringList }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/batches", summary: "A comparison batch: versions × tasks, reusing identical results unless force", tag: "schedules", body: BatchInput, responses: { 201: { description: "batch", schema: S.Batch }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/batches/{id}", summary: "A batch and its progress", tag: "schedules", pathParams: { id: "batch id" }, responses: { 200: { description: "batch", schema: S.Batch }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/notifications", summary: "Your notifications and unread count", tag: "notifications", query: NotificationQuery, responses: { 200: { description: "notifications", schema: S.NotificationList }, ...errors(401) } },
  { method: "post", path: "/api/v1/notifications/read", summary: "Mark notifications read ({ids} or {all: true})", tag: "notifications", body: MarkReadInput, responses: { 200: { description: "count", schema: S.MarkedRead }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/notifications/prefs", summary: "Which events you receive, per channel", tag: "notifications", responses: { 200: { description: "prefs", schema: S.PrefList }, ...errors(401) } },
  { method: "put", path: "/api/v1/notifications/prefs", summary: "Set which events you receive (events left out keep their setting)", tag: "notifications", body: NotificationPrefsInput, responses: { 200: { description: "prefs", schema: S.PrefList }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/webhooks", summary: "Team webhooks (admins)", tag: "notifications", responses: { 200: { description: "webhooks", schema: S.WebhookList }, ...errors(401, 403) } },
  { method: "post", path: "/api/v1/webhooks", summary: "Add a webhook (admins); the signing secret is returned once", tag: "notifications", body: WebhookInput, responses: { 201: { description: "created", schema: S.WebhookCreated }, ...errors(400, 401, 403) } },
  { method: "patch", path: "/api/v1/webhooks/{id}", summary: "Edit, disable (enabled=false) or re-enable a webhook (admins; the secret stays)", tag: "notifications", pathParams: { id: "webhook id" }, body: WebhookInput.partial(), responses: { 200: { description: "webhook", schema: S.Webhook }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/webhooks/{id}", summary: "Delete a webhook (admins) with its delivery log", tag: "notifications", pathParams: { id: "webhook id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "get", path: "/api/v1/deliveries", summary: "The last 100 webhook and e-mail deliveries, newest first (admins)", tag: "notifications", responses: { 200: { description: "deliveries", schema: S.DeliveryList }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/settings/smtp", summary: "The outgoing mail server (admins; the password is never returned)", tag: "settings", responses: { 200: { description: "settings", schema: S.SmtpSettings }, ...errors(401, 403) } },
  { method: "put", path: "/api/v1/settings/smtp", summary: "Set the outgoing mail server (admins; omit password to keep the stored one)", tag: "settings", body: SmtpInput, responses: { 200: { description: "saved", schema: S.SmtpSettings }, ...errors(400, 401, 403) } },
  { method: "delete", path: "/api/v1/settings/smtp", summary: "Remove the mail server (e-mail notifications stop)", tag: "settings", responses: { 204: { description: "removed" }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/runs/{id}/comments", summary: "A run's discussion (run and sample comments; ?task=&docId= for one sample, ?label= to filter)", tag: "discussion", pathParams: runId, query: CommentQuery.omit({ runId: true, comparison: true }), responses: { 200: { description: "comments, oldest first", schema: S.CommentList }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/comments", summary: "Comment on a run or one of its samples (reply with parentId; @name notifies)", tag: "discussion", pathParams: runId, body: RunCommentBody, responses: { 201: { description: "posted", schema: S.Comment }, ...errors(400, 401, 403, 404, 429) } },
  { method: "get", path: "/api/v1/comments", summary: "A comparison's discussion (?comparison=runs:3,7)", tag: "discussion", query: CommentQuery.pick({ comparison: true }), responses: { 200: { description: "comments, oldest first", schema: S.CommentList }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/comments", summary: "Comment on a comparison (every run in it must be visible)", tag: "discussion", body: ComparisonCommentBody, responses: { 201: { description: "posted", schema: S.Comment }, ...errors(400, 401, 403, 404, 429) } },
  { method: "patch", path: "/api/v1/comments/{id}", summary: "Edit your comment (marked edited)", tag: "discussion", pathParams: { id: "comment id" }, body: UpdateCommentInput, responses: { 200: { description: "edited", schema: S.Comment }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/comments/{id}", summary: "Delete a comment (its author, or an admin); replies stay", tag: "discussion", pathParams: { id: "comment id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/sharing", summary: "Who can see a run", tag: "discussion", pathParams: runId, responses: { 200: { description: "sharing", schema: S.Sharing }, ...errors(401, 404) } },
  { method: "put", path: "/api/v1/runs/{id}/sharing", summary: "Make a run private and share it with named users (view / comment / control), or open it to the team (owner or admin)", tag: "discussion", pathParams: runId, body: SharingInput, responses: { 200: { description: "sharing", schema: S.Sharing }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/activity", summary: "A run's timeline: events and comments in one stream", tag: "discussion", pathParams: runId, responses: { 200: { description: "activity, oldest first", schema: S.Activity }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/members", summary: "Team members by name or e-mail prefix (@mention autocomplete)", tag: "discussion", query: z.object({ q: z.string().optional() }), responses: { 200: { description: "up to 8 members", schema: S.MemberList }, ...errors(401) } },
  { method: "get", path: "/api/lmms-eval/health", summary: "lmms-eval protocol: health", tag: "lmms-eval protocol", auth: false, responses: { 200: { description: "healthy", schema: P.HealthResponse } } },
  { method: "post", path: "/api/lmms-eval/evaluate", summary: "lmms-eval protocol: submit a job (a dashboard run)", tag: "lmms-eval protocol", body: P.EvaluateRequest, responses: { 200: { description: "queued", schema: P.JobSubmitResponse } } },
  { method: "get", path: "/api/lmms-eval/jobs/{jobId}", summary: "lmms-eval protocol: job status; result carries the metrics", tag: "lmms-eval protocol", pathParams: { jobId: "job id (= run id)" }, responses: { 200: { description: "job", schema: P.JobInfo } } },
  { method: "delete", path: "/api/lmms-eval/jobs/{jobId}", summary: "lmms-eval protocol: cancel", tag: "lmms-eval protocol", pathParams: { jobId: "job id (= run id)" }, responses: { 200: { description: "cancelled", schema: P.CancelResponse } } },
  { method: "get", path: "/api/lmms-eval/queue", summary: "lmms-eval protocol: queue", tag: "lmms-eval protocol", responses: { 200: { description: "queue", schema: P.QueueStatusResponse } } },
  { method: "get", path: "/api/lmms-eval/tasks", summary: "lmms-eval protocol: task names", tag: "lmms-eval protocol", responses: { 200: { description: "tasks", schema: P.TasksResponse } } },
  { method: "get", path: "/api/lmms-eval/models", summary: "lmms-eval protocol: backends", tag: "lmms-eval protocol", responses: { 200: { description: "models", schema: P.ModelsResponse } } },
];

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

/** OpenAPI 3.1 generated from the same zod schemas the handlers parse with (requests) and are tested against (responses). */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const path = op.path.split("#")[0];
    const parameters: unknown[] = [];
    for (const [name, description] of Object.entries(op.pathParams ?? {})) parameters.push({ name, in: "path", required: true, description, schema: { type: "string" } });
    if (op.query) {
      const query = jsonSchema(op.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, schema });
    }
    const existing = (paths[path] ??= {})[op.method] as { requestBody?: { content: Record<string, unknown> } } | undefined;
    const content = op.body ? { [op.bodyType === "multipart" ? "multipart/form-data" : "application/json"]: { schema: jsonSchema(op.body, "input") } } : undefined;
    if (existing && content) {
      // Two bodies on one operation (upload vs server path): one operation with both media types.
      existing.requestBody = { content: { ...existing.requestBody?.content, ...content } };
      continue;
    }
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth === false ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(content ? { requestBody: { required: true, content } } : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([code, r]) => [
          code,
          { description: r.description, ...(r.schema ? { content: { "application/json": { schema: jsonSchema(r.schema, "output") } } } : r.contentType ? { content: { [r.contentType]: {} } } : {}) },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "LMMS-Eval Dashboard API",
      version: "1",
      description: "Launch lmms-eval runs, follow them and read every result and sample. Authenticate with a personal API token: `Authorization: Bearer <token>` (or HTTP basic `token:<token>` for lmms-eval's EvalClient).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, basic: { type: "http", scheme: "basic" } } },
    security: [{ bearer: [] }, { basic: [] }],
    paths,
  };
}
