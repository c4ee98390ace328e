import { z } from "zod";
import { FAILURE_KINDS, RUN_SOURCES, RUN_STATUSES } from "@/db/schema";

/**
 * Response shapes of the REST API. The OpenAPI document is generated from these and from the services' own input
 * schemas, and the contract tests parse real responses with them (strict objects: a field added or dropped in a
 * handler without updating the document fails the tests).
 */

const iso = z.string().describe("ISO-8601 timestamp (UTC)");
const nullableNumber = z.number().nullable();

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    requestId: z.string().optional(),
  }),
});

export const Me = z.strictObject({ id: z.number(), email: z.string(), name: z.string(), role: z.enum(["admin", "member", "viewer"]) });

export const Health = z.strictObject({
  status: z.enum(["ok", "degraded"]),
  db: z.enum(["ok", "error"]),
  worker: z.enum(["up", "down"]),
  lmmsEval: z.strictObject({ found: z.boolean(), version: z.string().nullable(), command: z.array(z.string()) }),
});

export const Progress = z.strictObject({
  phase: z.string(),
  task: z.string().nullable(),
  tasks: z.array(z.string()),
  requestType: z.string().nullable(),
  n: nullableNumber,
  total: nullableNumber,
  rate: nullableNumber,
  etaSeconds: nullableNumber,
  percent: z.number(),
});

export const Run = z.strictObject({
  id: z.number(),
  status: z.enum(RUN_STATUSES),
  source: z.enum(RUN_SOURCES),
  executor: z.enum(["local", "slurm"]),
  model: z.string(),
  modelArgs: z.string().describe("secret-looking values masked as ***"),
  tasks: z.array(z.string()),
  params: z.record(z.string(), z.unknown()),
  envNames: z.array(z.string()).describe("names only; values are never returned"),
  commandPreview: z.string(),
  createdBy: z.strictObject({ id: z.number(), name: z.string() }).nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  durationSeconds: nullableNumber,
  exitCode: nullableNumber,
  exitSignal: z.string().nullable(),
  reason: z.string().nullable(),
  failureKind: z.enum(FAILURE_KINDS).nullable(),
  progress: Progress.nullable(),
  queuePosition: nullableNumber,
  cancelRequested: z.boolean(),
  rerunOfId: nullableNumber,
  lmmsEvalVersion: z.string().nullable(),
  gpuSlot: z.string().nullable(),
  lastLogSeq: z.number(),
});

export const RunMetricBrief = z.strictObject({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  value: nullableNumber,
  stderr: nullableNumber,
  stderrClt: nullableNumber,
  n: nullableNumber,
  higherIsBetter: z.boolean().nullable(),
  isGroup: z.boolean(),
  group: z.string().nullable(),
});

export const RunDetail = Run.extend({ error: z.string().nullable(), metrics: z.array(RunMetricBrief) });
export const RunList = z.strictObject({ items: z.array(Run), nextCursor: nullableNumber, total: z.number() });
export const Created = z.strictObject({ id: z.number(), status: z.enum(RUN_STATUSES) });
export const CancelResult = z.strictObject({ id: z.number(), status: z.enum(RUN_STATUSES), cancelRequested: z.boolean() });
export const MoveResult = z.strictObject({ id: z.number(), queuePosition: z.number() });

export const LogLine = z.strictObject({ seq: z.number(), stream: z.enum(["stdout", "stderr", "system"]), level: z.string().nullable(), text: z.string(), at: iso });
export const RunLogs = z.strictObject({ lines: z.array(LogLine), lastSeq: z.number() });

export const Metric = z.strictObject({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  value: nullableNumber,
  valueRaw: z.unknown(),
  stderr: nullableNumber,
  stderrClt: nullableNumber,
  stderrClustered: nullableNumber,
  ciStderr: nullableNumber,
  ciStderrKind: z.enum(["bootstrap", "clt", "clustered"]).nullable(),
  n: nullableNumber,
  higherIsBetter: z.boolean().nullable(),
  isGroup: z.boolean(),
  group: z.string().nullable(),
  taskVersion: z.string().nullable(),
  nShot: nullableNumber,
  extras: z.record(z.string(), z.unknown()).nullable(),
});

export const RunTask = z.strictObject({
  task: z.string(),
  alias: z.string().nullable(),
  isGroup: z.boolean(),
  parent: z.string().nullable(),
  subtasks: z.array(z.string()),
  version: z.string().nullable(),
  nShot: nullableNumber,
  nOriginal: nullableNumber,
  nEffective: nullableNumber,
  sampleCount: z.number(),
  correctCount: z.number(),
  incorrectCount: z.number(),
  requestFailedCount: z.number(),
  budgetExceededCount: z.number(),
});

const JsonObject = z.record(z.string(), z.unknown());
export const RunResults = z.strictObject({
  runId: z.number(),
  resultsFile: z.string(),
  lmmsEvalVersion: z.string().nullable(),
  gitHash: z.string().nullable(),
  evaluatedAt: iso.nullable(),
  dateTimezone: z.string().nullable(),
  totalEvaluationSeconds: nullableNumber,
  modelSource: z.string().nullable(),
  modelName: z.string().nullable(),
  throughput: JsonObject.nullable(),
  usage: JsonObject.nullable(),
  efficiency: JsonObject.nullable(),
  sampleCount: z.number(),
  requestFailedCount: z.number(),
  budgetExceededCount: z.number(),
  tasks: z.array(RunTask),
  metrics: z.array(Metric),
});

export const Sample = z.strictObject({
  task: z.string(),
  docId: z.number(),
  target: z.string().nullable(),
  response: z.string(),
  filteredResps: z.unknown(),
  resps: z.unknown(),
  scores: JsonObject,
  primaryMetric: z.string().nullable(),
  primaryScore: nullableNumber,
  correct: z.boolean().nullable(),
  category: z.string().nullable(),
  input: z.string().nullable(),
  inputMedia: z.array(z.string()),
  tokenCounts: z.unknown(),
  inputTokens: nullableNumber,
  outputTokens: nullableNumber,
  failure: z.enum(["request_failed", "budget_exceeded"]).nullable(),
});
export const SamplePage = z.strictObject({
  items: z.array(Sample),
  total: z.number(),
  totalIsLowerBound: z.boolean().describe("true when there are more than `total` matches (complex filters are counted up to 10,000)"),
  nextCursor: nullableNumber,
});
export const Categories = z.strictObject({
  items: z.array(z.strictObject({ category: z.string(), n: z.number(), meanScore: nullableNumber, correct: z.number() })),
});

export const ImportResult = z.strictObject({ runIds: z.array(z.number()), created: z.array(z.number()), reused: z.array(z.number()) });
export const ImportPreview = z.strictObject({
  candidates: z.array(
    z.strictObject({
      resultsFile: z.string(),
      model: z.string(),
      modelArgs: z.string(),
      date: z.string().nullable(),
      tasks: z.array(z.string()),
      samplesFiles: z.number(),
      lmmsEvalVersion: z.string().nullable(),
      contentHash: z.string(),
      existingRunId: nullableNumber,
    }),
  ),
});

export const TaskList = z.strictObject({
  items: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(["task", "group", "tag", "python_task"]),
      outputType: z.string().nullable(),
      datasetPath: z.string().nullable(),
      members: z.array(z.string()),
      parents: z.array(z.string()),
    }),
  ),
  refreshedAt: z.string().nullable(),
});
export const TaskYaml = z.strictObject({ name: z.string(), yamlPath: z.string().nullable(), yamlText: z.string().nullable() });
