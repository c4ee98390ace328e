import { z } from "zod";
import type { TokenScope } from "@/db/schema";
import { CommentDto } from "@/lib/services/comments/comment-dto";
import { CommentQuery, ComparisonCommentBody, RunCommentBody, UpdateCommentInput } from "@/lib/services/comments/comments";
import { SharingDto, SharingInput } from "@/lib/services/comments/sharing";
import { BenchmarkCompareInput, BenchmarkComparison } from "@/lib/services/compare/benchmark-correlation";
import { Board, BoardQuery } from "@/lib/services/compare/board";
import { CompareRunsInput, RunComparison } from "@/lib/services/compare/compare-runs";
import { SampleDiff, SampleDiffInput } from "@/lib/services/compare/sample-diff";
import * as P from "@/lib/services/lmms-eval-protocol/protocol";
import { ModelFilter } from "@/lib/services/models/manage-models";
import { VersionComparison } from "@/lib/services/models/performance";
import { ModelDetailDto, ModelDto, ModelVersionDto } from "@/lib/services/models/queries";
import { RegisteredRunVersion, RegisterRunVersionInput } from "@/lib/services/models/register-run-version";
import { CreateModelInput, CreateVersionInput, UpdateModelFields, UpdateVersionInput } from "@/lib/services/models/schemas";
import { MarkReadInput, NotificationPrefsInput, NotificationQuery } from "@/lib/services/notifications/center";
import { NotificationPageDto } from "@/lib/services/notifications/notification-dto";
import { SmtpInput } from "@/lib/services/notifications/settings";
import { CreatedWebhook, WebhookDto, WebhookInput } from "@/lib/services/notifications/webhooks";
import { RunResultsDto } from "@/lib/services/results/get-run-results";
import { ImportResult } from "@/lib/services/results/import-runs";
import { SampleDto, SampleFilter, SamplePageDto } from "@/lib/services/results/list-samples";
import { CommandPreview, CreateRunInput } from "@/lib/services/runs/create-run";
import { RunLogsDto } from "@/lib/services/runs/run-dto";
import { RunFilter, RunPageDto } from "@/lib/services/runs/list-runs";
import { BatchDto } from "@/lib/services/schedules/batches";
import { FiringDto, FiringPageDto, ScheduleDetailDto, ScheduleDto } from "@/lib/services/schedules/manage-schedules";
import { BatchInput, CreateScheduleInput, ScheduleFields } from "@/lib/services/schedules/schemas";
import { SecurityPolicy } from "@/lib/services/security/policy";
import { SecurityPolicyUpdate } from "@/lib/services/security/update-security-policy";
import { SlurmSettingsDto, SlurmSettingsInput } from "@/lib/services/slurm/schemas";
import { Health } from "@/lib/services/system/get-health";
import { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import { TaskYamlDto } from "@/lib/services/tasks/list-task-catalogue";
import { CreateApiTokenInput } from "@/lib/services/tokens/create-api-token";
import { ApiTokenDto } from "@/lib/services/tokens/queries";
import { AuditExportQuery } from "@/lib/services/audit/export-audit-log";
import { AuditEntryDto } from "@/lib/services/audit/list-audit-log";
import * as A from "./api-shapes";

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
} & (
  | { auth: false }
  /** The one scope an API token needs for this operation; lib/api/handler.ts enforces it from here. */
  | { auth?: true; scope: TokenScope }
);

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
  Object.fromEntries(codes.map((c) => [c, { description: { 400: "invalid input", 401: "missing or invalid token", 403: "not allowed for this role", 404: "not found", 409: "conflict", 413: "too large", 422: "unprocessable", 429: "too many requests: wait and retry" }[c] ?? "error", schema: A.ErrorBody }]));

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/health", summary: "Liveness and readiness (no auth, no secrets)", tag: "system", auth: false, responses: { 200: { description: "ok", schema: Health } } },
  { method: "get", path: "/api/v1/openapi.json", summary: "This document (no auth: it describes the interface, not data)", tag: "system", auth: false, responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } } },
  { method: "get", path: "/api/v1/me", scope: "read", summary: "The token's user", tag: "account", responses: { 200: { description: "user", schema: A.Me }, ...errors(401) } },
  { method: "get", path: "/api/v1/tokens", scope: "read", summary: "Your API tokens (never the tokens themselves): scopes, expiry, last use", tag: "account", responses: { 200: { description: "tokens, newest first", schema: z.object({ tokens: z.array(ApiTokenDto) }) }, ...errors(401) } },
  { method: "post", path: "/api/v1/tokens", scope: "write", summary: "Create an API token; the token is in the answer once (a token cannot create one with more scopes or a longer life than its own)", tag: "account", body: CreateApiTokenInput, responses: { 201: { description: "created", schema: z.object({ token: z.string(), info: ApiTokenDto }) }, ...errors(400, 401, 403) } },
  { method: "delete", path: "/api/v1/tokens/{id}", scope: "write", summary: "Revoke one of your API tokens", tag: "account", pathParams: { id: "token id" }, responses: { 204: { description: "revoked" }, ...errors(401, 403, 404) } },
  { method: "get", path: "/api/v1/security/policies", scope: "admin", summary: "The security policy (admins)", tag: "settings", responses: { 200: { description: "policy", schema: SecurityPolicy }, ...errors(401, 403) } },
  { method: "put", path: "/api/v1/security/policies", scope: "admin", summary: "Change the security policy (admins; groups and fields left out keep their value)", tag: "settings", body: SecurityPolicyUpdate, responses: { 200: { description: "the whole policy as saved", schema: SecurityPolicy }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/v1/runs", scope: "read", summary: "List runs (filters + cursor)", tag: "runs", query: RunFilter, responses: { 200: { description: "a page of runs", schema: RunPageDto }, ...errors(400, 401) } },
  { method: "post", path: "/api/v1/runs", scope: "write", summary: "Launch an lmms-eval run", tag: "runs", body: CreateRunInput, responses: { 201: { description: "queued", schema: A.RunCreated }, ...errors(400, 401, 403) } },
  { method: "post", path: "/api/v1/runs/preview", scope: "write", summary: "The command a launch with this body would run (nothing queued)", tag: "runs", body: CreateRunInput, responses: { 200: { description: "preview", schema: CommandPreview }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/v1/runs/{id}", scope: "read", summary: "A run with live progress and its metrics", tag: "runs", pathParams: runId, responses: { 200: { description: "run", schema: A.RunDetail }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/cancel", scope: "write", summary: "Cancel a queued or running run", tag: "runs", pathParams: runId, responses: { 200: { description: "cancelled or stopping", schema: A.CancelResult }, ...errors(401, 403, 404, 409) } },
  { method: "post", path: "/api/v1/runs/{id}/move", scope: "write", summary: "Reorder a queued run", tag: "runs", pathParams: runId, body: MoveBody, responses: { 200: { description: "new position", schema: A.MoveResult }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/runs/{id}/logs", scope: "read", summary: "Console lines (after a sequence number, or the last N)", tag: "runs", pathParams: runId, query: LogsQuery, responses: { 200: { description: "lines", schema: RunLogsDto }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/console", scope: "read", summary: "The full console (secrets masked) as a download", tag: "runs", pathParams: runId, responses: { 200: { description: "text", contentType: "text/plain" }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/results", scope: "read", summary: "Ingested results: tasks, metrics with stderrs, throughput/usage/efficiency", tag: "results", pathParams: runId, responses: { 200: { description: "results", schema: RunResultsDto }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/results/raw", scope: "read", summary: "The results JSON as lmms-eval wrote it", tag: "results", pathParams: runId, responses: { 200: { description: "JSON file", contentType: "application/json" }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/samples", scope: "read", summary: "Samples of one task: filter, search, cursor", tag: "results", pathParams: runId, query: SampleFilter, responses: { 200: { description: "a page of samples", schema: SamplePageDto }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/runs/{id}/samples/export", scope: "read", summary: "The filtered samples as JSONL or CSV", tag: "results", pathParams: runId, query: ExportQuery, responses: { 200: { description: "file", contentType: "application/x-ndjson" }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/runs/{id}/samples/{task}/{docId}", scope: "read", summary: "One sample", tag: "results", pathParams: { ...runId, task: "task name", docId: "doc_id" }, responses: { 200: { description: "sample", schema: SampleDto }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/version", scope: "write", summary: "Register as new version: a version of a model (existing, or created by name) from the run's backend, model args and gen kwargs, with the run linked to it", tag: "models", pathParams: runId, body: RegisterRunVersionInput, responses: { 201: { description: "registered and linked", schema: RegisteredRunVersion }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/runs/{id}/categories", scope: "read", summary: "Per-category scores of a task", tag: "results", pathParams: runId, query: z.object({ task: z.string() }), responses: { 200: { description: "categories", schema: A.Categories }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/imports", scope: "write", summary: "Import lmms-eval output: multipart `files` (in all per request at most the security policy's upload limit, 1 GB unless changed), or {path} (admins)", tag: "results", query: DryRun, body: UploadBody, bodyType: "multipart", responses: { 201: { description: "imported", schema: ImportResult }, 200: { description: "preview (dryRun=true)", schema: A.ImportPreview }, ...errors(400, 401, 403, 413, 422) } },
  { method: "post", path: "/api/v1/imports#path", scope: "write", summary: "Import a server folder (admins, inside IMPORT_ROOTS)", tag: "results", query: DryRun, body: ImportBody, responses: { 201: { description: "imported", schema: ImportResult }, 200: { description: "preview (dryRun=true)", schema: A.ImportPreview }, ...errors(400, 401, 403, 422) } },
  { method: "get", path: "/api/v1/tasks", scope: "read", summary: "The task catalogue", tag: "tasks", query: z.object({ q: z.string().optional() }), responses: { 200: { description: "tasks", schema: A.TaskList }, ...errors(401) } },
  { method: "post", path: "/api/v1/tasks/refresh", scope: "write", summary: "Rebuild the task catalogue from the installed lmms-eval (members; slow: scans every task YAML)", tag: "tasks", responses: { 200: { description: "what was found", schema: CatalogueMeta }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/tasks/{name}", scope: "read", summary: "A task's YAML", tag: "tasks", pathParams: { name: "task name" }, responses: { 200: { description: "yaml", schema: TaskYamlDto }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/media", scope: "read", summary: "An image a sample refers to (from MEDIA_ROOTS)", tag: "results", query: z.object({ ref: z.string() }), responses: { 200: { description: "image", contentType: "image/*" }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/models", scope: "read", summary: "List models", tag: "models", query: ModelFilter, responses: { 200: { description: "models", schema: A.ModelList }, ...errors(401) } },
  { method: "post", path: "/api/v1/models", scope: "write", summary: "Register a model", tag: "models", body: CreateModelInput, responses: { 201: { description: "created", schema: ModelDto }, ...errors(400, 401, 403, 409) } },
  { method: "get", path: "/api/v1/models/{id}", scope: "read", summary: "A model with its versions", tag: "models", pathParams: { id: "model id" }, responses: { 200: { description: "model", schema: ModelDetailDto }, ...errors(401, 404) } },
  { method: "patch", path: "/api/v1/models/{id}", scope: "write", summary: "Edit or archive a model (archiving with queued runs needs confirmQueuedRuns)", tag: "models", pathParams: { id: "model id" }, body: UpdateModelFields.omit({ modelId: true }), responses: { 200: { description: "model", schema: ModelDto }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/models/{id}/versions", scope: "read", summary: "A model's versions", tag: "models", pathParams: { id: "model id" }, responses: { 200: { description: "versions", schema: A.VersionList }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/models/{id}/versions", scope: "write", summary: "Register a version", tag: "models", pathParams: { id: "model id" }, body: CreateVersionInput.omit({ modelId: true }), responses: { 201: { description: "created", schema: A.RegisteredVersion }, ...errors(400, 401, 403, 404, 409) } },
  { method: "patch", path: "/api/v1/versions/{versionId}", scope: "write", summary: "Edit a version (configuration frozen once runs used it)", tag: "models", pathParams: { versionId: "version id" }, body: UpdateVersionInput.omit({ versionId: true }), responses: { 200: { description: "version", schema: ModelVersionDto }, ...errors(400, 401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/models/{id}/history", scope: "read", summary: "Score history of one benchmark across versions and time", tag: "models", pathParams: { id: "model id" }, query: z.object({ task: z.string().optional(), metric: z.string().optional(), filter: z.string().optional() }), responses: { 200: { description: "series", schema: A.ModelHistory }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/versions/compare", scope: "read", summary: "Two versions: config diff and results with significance", tag: "models", query: z.object({ a: z.string(), b: z.string() }), responses: { 200: { description: "comparison", schema: VersionComparison }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/compare", scope: "read", summary: "Compare 2–N runs: aligned metrics, deltas vs a reference, paired tests, Holm", tag: "compare", query: CompareRunsInput, responses: { 200: { description: "comparison", schema: RunComparison }, ...errors(400, 401, 404) } },
  { method: "get", path: "/api/v1/compare/samples", scope: "read", summary: "Per-sample diff of two runs on a task (counts + a bucket's samples)", tag: "compare", query: SampleDiffInput, responses: { 200: { description: "diff", schema: SampleDiff }, ...errors(400, 401, 404, 429) } },
  { method: "get", path: "/api/v1/board", scope: "read", summary: "The models × benchmarks board", tag: "compare", query: BoardQuery, responses: { 200: { description: "board", schema: Board }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/benchmarks/compare", scope: "read", summary: "Correlation of two benchmarks across models (Spearman, Kendall)", tag: "compare", query: BenchmarkCompareInput, responses: { 200: { description: "correlation", schema: BenchmarkComparison }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/settings/slurm", scope: "admin", summary: "Slurm settings (admins)", tag: "settings", responses: { 200: { description: "settings", schema: SlurmSettingsDto }, ...errors(401, 403) } },
  { method: "put", path: "/api/v1/settings/slurm", scope: "admin", summary: "Replace the Slurm settings (admins; omitted fields take their defaults)", tag: "settings", body: SlurmSettingsInput, responses: { 200: { description: "saved", schema: SlurmSettingsDto }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/v1/schedules", scope: "read", summary: "Scheduled evaluations and comparisons", tag: "schedules", responses: { 200: { description: "schedules", schema: A.ScheduleList }, ...errors(401) } },
  { method: "post", path: "/api/v1/schedules", scope: "write", summary: "Create a schedule", tag: "schedules", body: CreateScheduleInput, responses: { 201: { description: "created", schema: ScheduleDto }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/schedules/{id}", scope: "read", summary: "A schedule with its next fire times", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 200: { description: "schedule", schema: ScheduleDetailDto }, ...errors(401, 404) } },
  { method: "patch", path: "/api/v1/schedules/{id}", scope: "write", summary: "Edit, pause (enabled=false) or resume a schedule", tag: "schedules", pathParams: { id: "schedule id" }, body: ScheduleFields.partial(), responses: { 200: { description: "schedule", schema: ScheduleDto }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/schedules/{id}", scope: "write", summary: "Delete a schedule (its firings stay as history)", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "post", path: "/api/v1/schedules/{id}/run", scope: "write", summary: "Run a schedule now", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 201: { description: "the firing", schema: FiringDto }, ...errors(401, 403, 404, 409) } },
  { method: "get", path: "/api/v1/schedules/{id}/firings", scope: "read", summary: "Firing history", tag: "schedules", pathParams: { id: "schedule id" }, responses: { 200: { description: "firings", schema: FiringPageDto }, ...errors(401, 404) } },
  { method: "post", path: "/api/v1/batches", scope: "write", summary: "A comparison batch: versions × tasks, reusing identical results unless force", tag: "schedules", body: BatchInput, responses: { 201: { description: "batch", schema: BatchDto }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/batches/{id}", scope: "read", summary: "A batch and its progress", tag: "schedules", pathParams: { id: "batch id" }, responses: { 200: { description: "batch", schema: BatchDto }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/notifications", scope: "read", summary: "Your notifications and unread count", tag: "notifications", query: NotificationQuery, responses: { 200: { description: "notifications", schema: NotificationPageDto }, ...errors(401) } },
  { method: "post", path: "/api/v1/notifications/read", scope: "write", summary: "Mark notifications read ({ids} or {all: true})", tag: "notifications", body: MarkReadInput, responses: { 200: { description: "count", schema: A.MarkedRead }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/notifications/prefs", scope: "read", summary: "Which events you receive, per channel", tag: "notifications", responses: { 200: { description: "prefs", schema: A.PrefList }, ...errors(401) } },
  { method: "put", path: "/api/v1/notifications/prefs", scope: "write", summary: "Set which events you receive (events left out keep their setting)", tag: "notifications", body: NotificationPrefsInput, responses: { 200: { description: "prefs", schema: A.PrefList }, ...errors(400, 401) } },
  { method: "get", path: "/api/v1/webhooks", scope: "admin", summary: "Team webhooks (admins)", tag: "notifications", responses: { 200: { description: "webhooks", schema: A.WebhookList }, ...errors(401, 403) } },
  { method: "post", path: "/api/v1/webhooks", scope: "admin", summary: "Add a webhook (admins); the signing secret is returned once", tag: "notifications", body: WebhookInput, responses: { 201: { description: "created", schema: CreatedWebhook }, ...errors(400, 401, 403) } },
  { method: "patch", path: "/api/v1/webhooks/{id}", scope: "admin", summary: "Edit, disable (enabled=false) or re-enable a webhook (admins; the secret stays)", tag: "notifications", pathParams: { id: "webhook id" }, body: WebhookInput.partial(), responses: { 200: { description: "webhook", schema: WebhookDto }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/webhooks/{id}", scope: "admin", summary: "Delete a webhook (admins) with its delivery log", tag: "notifications", pathParams: { id: "webhook id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "get", path: "/api/v1/deliveries", scope: "admin", summary: "The last 100 webhook and e-mail deliveries, newest first (admins)", tag: "notifications", responses: { 200: { description: "deliveries", schema: A.DeliveryList }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/settings/smtp", scope: "admin", summary: "The outgoing mail server (admins; the password is never returned)", tag: "settings", responses: { 200: { description: "settings", schema: A.SmtpSettings }, ...errors(401, 403) } },
  { method: "put", path: "/api/v1/settings/smtp", scope: "admin", summary: "Set the outgoing mail server (admins; omit password to keep the stored one)", tag: "settings", body: SmtpInput, responses: { 200: { description: "saved", schema: A.SmtpSettings }, ...errors(400, 401, 403) } },
  { method: "delete", path: "/api/v1/settings/smtp", scope: "admin", summary: "Remove the mail server (e-mail notifications stop)", tag: "settings", responses: { 204: { description: "removed" }, ...errors(401, 403) } },
  { method: "get", path: "/api/v1/runs/{id}/comments", scope: "read", summary: "A run's discussion (run and sample comments; ?task=&docId= for one sample, ?label= to filter)", tag: "discussion", pathParams: runId, query: CommentQuery.omit({ runId: true, comparison: true }), responses: { 200: { description: "comments, oldest first", schema: A.CommentList }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/runs/{id}/comments", scope: "write", summary: "Comment on a run or one of its samples (reply with parentId; @name notifies)", tag: "discussion", pathParams: runId, body: RunCommentBody, responses: { 201: { description: "posted", schema: CommentDto }, ...errors(400, 401, 403, 404, 429) } },
  { method: "get", path: "/api/v1/comments", scope: "read", summary: "A comparison's discussion (?comparison=runs:3,7)", tag: "discussion", query: CommentQuery.pick({ comparison: true }), responses: { 200: { description: "comments, oldest first", schema: A.CommentList }, ...errors(400, 401, 404) } },
  { method: "post", path: "/api/v1/comments", scope: "write", summary: "Comment on a comparison (every run in it must be visible)", tag: "discussion", body: ComparisonCommentBody, responses: { 201: { description: "posted", schema: CommentDto }, ...errors(400, 401, 403, 404, 429) } },
  { method: "patch", path: "/api/v1/comments/{id}", scope: "write", summary: "Edit your comment (marked edited)", tag: "discussion", pathParams: { id: "comment id" }, body: UpdateCommentInput, responses: { 200: { description: "edited", schema: CommentDto }, ...errors(400, 401, 403, 404) } },
  { method: "delete", path: "/api/v1/comments/{id}", scope: "write", summary: "Delete a comment (its author, or an admin); replies stay", tag: "discussion", pathParams: { id: "comment id" }, responses: { 204: { description: "deleted" }, ...errors(401, 403, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/sharing", scope: "read", summary: "Who can see a run", tag: "discussion", pathParams: runId, responses: { 200: { description: "sharing", schema: SharingDto }, ...errors(401, 404) } },
  { method: "put", path: "/api/v1/runs/{id}/sharing", scope: "write", summary: "Make a run private and share it with named users (view / comment / control), or open it to the team (owner or admin)", tag: "discussion", pathParams: runId, body: SharingInput, responses: { 200: { description: "sharing", schema: SharingDto }, ...errors(400, 401, 403, 404) } },
  { method: "get", path: "/api/v1/runs/{id}/activity", scope: "read", summary: "A run's timeline: events and comments in one stream", tag: "discussion", pathParams: runId, responses: { 200: { description: "activity, oldest first", schema: A.Activity }, ...errors(401, 404) } },
  { method: "get", path: "/api/v1/members", scope: "read", summary: "Team members by name or e-mail prefix (@mention autocomplete)", tag: "discussion", query: z.object({ q: z.string().optional() }), responses: { 200: { description: "up to 8 members", schema: A.MemberList }, ...errors(401) } },
  { method: "get", path: "/api/v1/audit", scope: "admin", summary: "The audit log (admins), filtered, oldest first, as a download: a JSON array of entries (format=json) or CSV (format=csv); each entry carries its hash and the previous entry's hash", tag: "audit", query: AuditExportQuery, responses: { 200: { description: "entries (CSV: the same columns)", schema: z.array(AuditEntryDto) }, ...errors(400, 401, 403) } },
  { method: "get", path: "/api/lmms-eval/health", summary: "lmms-eval protocol: health", tag: "lmms-eval protocol", auth: false, responses: { 200: { description: "healthy", schema: P.HealthResponse } } },
  { method: "post", path: "/api/lmms-eval/evaluate", scope: "write", summary: "lmms-eval protocol: submit a job (a dashboard run)", tag: "lmms-eval protocol", body: P.EvaluateRequest, responses: { 200: { description: "queued", schema: P.JobSubmitResponse } } },
  { method: "get", path: "/api/lmms-eval/jobs/{jobId}", scope: "read", summary: "lmms-eval protocol: job status; result carries the metrics", tag: "lmms-eval protocol", pathParams: { jobId: "job id (= run id)" }, responses: { 200: { description: "job", schema: P.JobInfo } } },
  { method: "delete", path: "/api/lmms-eval/jobs/{jobId}", scope: "write", summary: "lmms-eval protocol: cancel", tag: "lmms-eval protocol", pathParams: { jobId: "job id (= run id)" }, responses: { 200: { description: "cancelled", schema: P.CancelResponse } } },
  { method: "get", path: "/api/lmms-eval/queue", scope: "read", summary: "lmms-eval protocol: queue", tag: "lmms-eval protocol", responses: { 200: { description: "queue", schema: P.QueueStatusResponse } } },
  { method: "get", path: "/api/lmms-eval/tasks", scope: "read", summary: "lmms-eval protocol: task names", tag: "lmms-eval protocol", responses: { 200: { description: "tasks", schema: P.TasksResponse } } },
  { method: "get", path: "/api/lmms-eval/models", scope: "read", summary: "lmms-eval protocol: backends", tag: "lmms-eval protocol", responses: { 200: { description: "models", schema: P.ModelsResponse } } },
];

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

/**
 * OpenAPI 3.1 generated from the zod schemas themselves: requests from the services' input schemas (what handlers
 * parse with), responses from the services' DTO schemas (what they return, and what the contract tests parse real
 * responses with) and the few API-only envelopes in api-shapes.ts.
 */
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
      // OpenAPI 3.1 lets an http scheme's requirement list role names: here, the token scope the operation needs.
      ...(op.auth === false ? { security: [] } : { security: [{ bearer: [op.scope] }, { basic: [op.scope] }], "x-required-scope": op.scope }),
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
      description: "Launch lmms-eval runs, follow them and read every result and sample. Authenticate with a personal API token: `Authorization: Bearer <token>` (or HTTP basic `token:<token>` for lmms-eval's EvalClient). A token has scopes — `read`, `write`, `admin` — and each operation names the one it needs in `x-required-scope` (and in its security requirement); a token without it gets 403 naming the scope, an expired token 401 `token expired`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, basic: { type: "http", scheme: "basic" } } },
    security: [{ bearer: [] }, { basic: [] }],
    paths,
  };
}
