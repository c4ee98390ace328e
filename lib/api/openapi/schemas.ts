import { z } from "zod";
import { FAILURE_KINDS, RUN_SOURCES, RUN_STATUSES } from "@/db/schema";
import { SampleDiffResult } from "@/lib/services/compare/sample-diff";

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
  modelVersionId: nullableNumber,
  visibility: z.enum(["team", "private"]).describe("team: the whole team sees it; private: its owner, admins and the people it is shared with"),
  versionOverrides: z.record(z.string(), z.tuple([z.string(), z.string()])).nullable().describe("what the launch changed relative to the model version: {field: [version, run]}"),
  slurm: z
    .strictObject({
      jobId: z.string().nullable(),
      state: z.string().nullable().describe("Slurm's job state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, …"),
      reason: z.string().nullable().describe("Slurm's reason, e.g. Priority, Resources, TimeLimit"),
      node: z.string().nullable(),
      summary: z.string().describe('e.g. "PENDING (Resources)", "RUNNING on gpu-07"'),
      batchScript: z.string().nullable().describe("the script as submitted; secret values are not in it"),
    })
    .nullable()
    .describe("the Slurm job of a run with executor slurm; null for local runs"),
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
export const CommandPreview = z.strictObject({ command: z.string(), runIdPlaceholder: z.string() });
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

const VersionBrief = z.strictObject({ id: z.number(), label: z.string(), modelId: z.number(), modelName: z.string() });
export const ImportResult = z.strictObject({
  runIds: z.array(z.number()),
  created: z.array(z.number()),
  reused: z.array(z.number()).describe("runs that already held exactly these files"),
  runs: z.array(
    z.strictObject({
      id: z.number(),
      created: z.boolean(),
      backend: z.string(),
      modelArgs: z.string().describe("secret-looking values masked as ***"),
      version: VersionBrief.nullable().describe("the registered version with the same backend and model args, if any"),
      canRegister: z.boolean().describe("no version yet and you may register one: POST /api/v1/runs/{id}/version"),
      suggestion: z.strictObject({ modelName: z.string(), label: z.string() }).describe("what to prefill when registering it as a new version"),
    }),
  ),
});
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
      source: z.enum(["builtin", "include"]).describe("include: from a folder in LMMS_EVAL_INCLUDE_PATHS"),
      includePath: z.string().nullable().describe("the include folder a run of this task passes as --include_path"),
    }),
  ),
  refreshedAt: z.string().nullable(),
});
export const TaskYaml = z.strictObject({ name: z.string(), yamlPath: z.string().nullable(), yamlText: z.string().nullable() });

const Person = z.strictObject({ id: z.number(), name: z.string() }).nullable();

export const Model = z.strictObject({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  status: z.enum(["active", "archived"]),
  createdBy: Person,
  createdAt: iso,
  updatedAt: iso,
  versionCount: z.number(),
  runCount: z.number(),
  latestVersion: z.strictObject({ id: z.number(), label: z.string() }).nullable(),
  evaluateNewVersions: z.strictObject({ tasks: z.array(z.string()), params: z.record(z.string(), z.unknown()).optional() }).nullable(),
});

export const ModelVersion = z.strictObject({
  id: z.number(),
  modelId: z.number(),
  label: z.string(),
  backend: z.string(),
  modelArgs: z.string(),
  genKwargs: z.string(),
  notes: z.string(),
  parentVersionId: nullableNumber,
  parentRelation: z.string(),
  status: z.enum(["active", "deprecated", "archived"]),
  createdBy: Person,
  createdAt: iso,
  runCount: z.number(),
  locked: z.boolean().describe("configuration frozen because runs used this version"),
});

export const ModelList = z.strictObject({ items: z.array(Model) });
export const ModelDetail = Model.extend({ versions: z.array(ModelVersion) });
export const VersionList = z.strictObject({ items: z.array(ModelVersion) });
export const RunVersionRegistered = z.strictObject({
  runId: z.number(),
  model: z.strictObject({ id: z.number(), name: z.string() }),
  createdModel: z.boolean().describe("true when modelName named no existing model"),
  version: ModelVersion,
});

const Benchmark = z.strictObject({ task: z.string(), metric: z.string(), filter: z.string(), higherIsBetter: z.boolean().nullable() });
export const HistoryPoint = z.strictObject({
  versionId: z.number(),
  label: z.string(),
  runId: z.number(),
  date: iso,
  value: nullableNumber,
  stderr: nullableNumber,
  taskVersion: z.string().nullable(),
  lmmsEvalVersion: z.string().nullable(),
  breakBefore: z.boolean().describe("the task or lmms-eval version changed since the previous point"),
  breakReason: z.string().nullable(),
});
export const ModelHistory = z.strictObject({ benchmark: Benchmark.nullable(), series: z.array(HistoryPoint), benchmarks: z.array(Benchmark) });

export const StatTest = z.strictObject({
  test: z.string(),
  n: nullableNumber,
  statistic: z.number(),
  pValue: z.number(),
  kind: z.enum(["mcnemar", "paired_bootstrap", "unpaired_z"]),
  sharedSamples: nullableNumber,
  note: z.string().nullable(),
}).catchall(z.unknown());

export const ComparisonCell = z.strictObject({
  runId: z.number(),
  value: nullableNumber,
  stderr: nullableNumber,
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: nullableNumber,
  taskVersion: z.string().nullable(),
  delta: nullableNumber,
  test: StatTest.nullable(),
  pAdjusted: nullableNumber.describe("Holm-adjusted across the whole table"),
  significant: z.boolean(),
  direction: z.enum(["better", "worse"]).nullable(),
});

export const Comparison = z.strictObject({
  sides: z.array(z.strictObject({ label: z.string(), runIds: z.array(z.number()), lmmsEvalVersions: z.array(z.string()) })),
  referenceIndex: z.number(),
  rows: z.array(
    z.strictObject({
      task: z.string(),
      metric: z.string(),
      filter: z.string(),
      group: z.string().nullable(),
      isGroup: z.boolean(),
      higherIsBetter: z.boolean().nullable(),
      cells: z.array(ComparisonCell.nullable()),
      warnings: z.array(z.string()),
    }),
  ),
  alpha: z.number(),
});

const VersionRef = z.strictObject({ id: z.number(), label: z.string(), modelName: z.string() });
export const VersionComparison = z.strictObject({
  a: VersionRef,
  b: VersionRef,
  configDiff: z.array(z.strictObject({ field: z.string(), a: z.string(), b: z.string() })),
  comparison: Comparison,
  sharedTasks: z.array(z.string()),
});

export const RunComparison = Comparison.extend({
  referenceRunId: z.number(),
  excluded: z.array(z.strictObject({ runId: z.number(), reason: z.string() })),
  sharedTasks: z.array(z.string()),
  configDiff: z.array(z.strictObject({ field: z.string(), values: z.array(z.string()) })),
  emptyReason: z.string().nullable(),
});

export const SampleDiff = SampleDiffResult;

const BoardColumn = z.strictObject({ key: z.string(), task: z.string(), metric: z.string(), filter: z.string(), group: z.string().nullable(), higherIsBetter: z.boolean().nullable() });
export const Board = z.strictObject({
  columns: z.array(BoardColumn),
  allColumns: z.array(BoardColumn),
  rows: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      kind: z.enum(["version", "model", "unregistered"]),
      modelId: nullableNumber,
      versionId: nullableNumber,
      runs: z.array(z.strictObject({ id: z.number(), date: iso, lmmsEvalVersion: z.string().nullable() })).describe("every visible finished run of the row, newest first (the choices of mode runs)"),
      cells: z.record(
        z.string(),
        z.strictObject({
          value: nullableNumber,
          stderr: nullableNumber,
          ci: z.tuple([z.number(), z.number()]).nullable(),
          n: nullableNumber,
          runId: z.number(),
          date: iso,
          rank: nullableNumber,
          delta: nullableNumber,
          pAdjusted: nullableNumber,
          significant: z.boolean(),
          direction: z.enum(["better", "worse"]).nullable(),
        }),
      ),
    }),
  ),
  baseline: z.string().nullable(),
  test: z.string(),
  columnWarnings: z.record(z.string(), z.array(z.string())).describe("column key → why its cells may not be comparable (task or lmms-eval versions differ); warned columns only"),
  chosenRuns: z
    .array(
      z.strictObject({
        runId: z.number(),
        status: z.enum(["shown", "replaced", "hidden", "not found"]),
        rowKey: z.string().nullable(),
        rowLabel: z.string().nullable(),
        replacedBy: nullableNumber,
      }),
    )
    .describe("mode runs: what became of each named run, in the order named; empty otherwise"),
  filters: z.strictObject({
    versions: z.array(z.strictObject({ id: z.number(), label: z.string().nullable() })),
    tasks: z.array(z.strictObject({ name: z.string(), columns: z.number() })),
  }),
});

const CorrelationTest = z.strictObject({ test: z.string(), n: nullableNumber, statistic: z.number(), pValue: z.number() });
export const BenchmarkComparison = z.strictObject({
  a: z.string(),
  b: z.string(),
  points: z.array(z.strictObject({ rowKey: z.string(), label: z.string(), a: z.number(), b: z.number(), runA: z.number(), runB: z.number() })),
  spearman: CorrelationTest.nullable(),
  kendall: CorrelationTest.nullable(),
  note: z.string(),
});

export const SlurmSettings = z.strictObject({
  defaultExecutor: z.enum(["local", "slurm"]).describe("where a launch goes when it does not say"),
  sharedDir: z.string().describe("a folder the dashboard host and every node see at the same path; empty = Slurm not configured"),
  lmmsEvalCommand: z.array(z.string()).nullable().describe("the lmms-eval command on the nodes; null = the dashboard's"),
  partition: z.string(),
  account: z.string(),
  qos: z.string(),
  timeLimit: z.string().describe("Slurm time format; empty = the partition's default"),
  gpusPerRun: z.number().describe("--gres=gpu:N; 0 = none"),
  cpusPerRun: nullableNumber,
  memory: z.string().describe("--mem, e.g. 64G; empty = the cluster's default"),
  extraDirectives: z.array(z.string()).describe("whole '#SBATCH …' lines"),
  preamble: z.string().describe("shell code run on the node before lmms-eval"),
  configured: z.boolean(),
  effectiveLmmsEvalCommand: z.array(z.string()),
});

const TargetSchema = z.union([
  z.strictObject({ type: z.literal("evaluation"), modelVersionIds: z.array(z.number()), tasks: z.array(z.string()), params: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({
    type: z.literal("comparison"),
    modelVersionIds: z.array(z.number()),
    tasks: z.array(z.string()),
    params: z.record(z.string(), z.unknown()).optional(),
    baselineVersionId: z.number().nullable().optional(),
  }),
]);
export const Firing = z.strictObject({
  id: z.number(),
  scheduledAt: iso,
  firedAt: iso,
  trigger: z.string(),
  outcome: z.string(),
  message: z.string().nullable(),
  runIds: z.array(z.number()),
  batchId: nullableNumber,
});
export const Schedule = z.strictObject({
  id: z.number(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  description: z.string().describe("human-readable cadence"),
  enabled: z.boolean(),
  overlap: z.enum(["skip", "queue"]),
  misfire: z.enum(["skip", "run_once"]),
  target: TargetSchema,
  owner: Person,
  createdAt: iso,
  updatedAt: iso,
  nextFireTimes: z.array(z.strictObject({ at: iso, local: z.string() })),
  lastFiring: Firing.nullable(),
});
export const ScheduleDetail = Schedule.extend({ deleted: z.boolean() });
export const ScheduleList = z.strictObject({ items: z.array(Schedule) });
export const FiringList = z.strictObject({ items: z.array(Firing), nextCursor: nullableNumber });
export const Batch = z.strictObject({
  id: z.number(),
  name: z.string(),
  status: z.enum(["running", "finished"]),
  target: TargetSchema,
  force: z.boolean(),
  createdAt: iso,
  finishedAt: iso.nullable(),
  summary: z.string().nullable(),
  progress: z.strictObject({ done: z.number(), total: z.number(), failed: z.number(), reused: z.number() }),
  items: z.array(z.strictObject({ modelVersionId: z.number(), task: z.string(), runId: nullableNumber, reused: z.boolean(), status: z.string().nullable() })),
  compareUrl: z.string(),
});
export const NotificationList = z.strictObject({
  items: z.array(z.strictObject({ id: z.number(), event: z.string(), title: z.string(), body: z.string(), link: z.string().nullable(), createdAt: iso, read: z.boolean() })),
  unread: z.number(),
  nextCursor: nullableNumber,
});
export const PrefList = z.strictObject({ items: z.array(z.strictObject({ event: z.string(), inApp: z.boolean(), email: z.boolean() })) });
export const MarkedRead = z.strictObject({ marked: z.number().describe("how many unread notifications were marked read") });
export const Webhook = z.strictObject({ id: z.number(), name: z.string(), url: z.string(), events: z.array(z.string()), enabled: z.boolean(), createdAt: iso });
export const WebhookList = z.strictObject({ items: z.array(Webhook) });
export const WebhookCreated = z.strictObject({ webhook: Webhook, secret: z.string().describe("shown once: verify X-Dashboard-Signature with it") });
export const DeliveryList = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number(),
      channel: z.enum(["webhook", "email"]),
      webhookId: nullableNumber,
      recipient: z.string().nullable().describe("the e-mail address (e-mail deliveries)"),
      event: z.string(),
      payload: z.record(z.string(), z.unknown()),
      status: z.enum(["pending", "delivered", "failed"]),
      attempts: z.number(),
      nextAttemptAt: iso,
      lastError: z.string().nullable(),
      lastStatusCode: nullableNumber,
      createdAt: iso,
      deliveredAt: iso.nullable(),
    }),
  ),
});
export const SmtpSettings = z.strictObject({
  smtp: z
    .strictObject({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string(), from: z.string(), hasPassword: z.boolean().describe("the password itself is never returned") })
    .nullable()
    .describe("null: no mail server configured (e-mail notifications are off)"),
});
export const CatalogueRefresh = z.strictObject({
  refreshedAt: iso,
  method: z.enum(["scan", "tasks-list", "none"]).describe("scan: the installed package's task YAMLs; tasks-list: `lmms-eval tasks list`; none: neither worked (the previous catalogue is kept)"),
  packageDir: z.string().nullable(),
  includePaths: z.array(z.string()).describe("the include folders (LMMS_EVAL_INCLUDE_PATHS) scanned with the package"),
  count: z.number(),
  warnings: z.array(z.strictObject({ file: z.string(), message: z.string() })),
  warningCount: z.number(),
  error: z.string().nullable(),
});

export const Comment = z.strictObject({
  id: z.number(),
  runId: nullableNumber,
  comparison: z.string().nullable().describe('a comparison discussion: "runs:3,7"'),
  sample: z.strictObject({ task: z.string(), docId: z.number() }).nullable(),
  parentId: nullableNumber,
  author: z.strictObject({ id: z.number(), name: z.string() }).nullable(),
  body: z.string().describe("Markdown as written (empty once deleted)"),
  html: z.string().describe("the body rendered: raw HTML disabled, links rel=noopener, safe to inject"),
  labels: z.array(z.string()),
  createdAt: iso,
  editedAt: iso.nullable(),
  deleted: z.boolean(),
});
export const CommentList = z.strictObject({ items: z.array(Comment) });
export const Sharing = z.strictObject({
  visibility: z.enum(["team", "private"]),
  members: z.array(z.strictObject({ userId: z.number(), name: z.string(), email: z.string(), permission: z.enum(["view", "comment", "control"]) })),
});
export const Activity = z.strictObject({
  items: z.array(
    z.strictObject({
      at: iso,
      kind: z.enum(["event", "comment"]),
      text: z.string(),
      actor: z.string().nullable(),
      link: z.string().nullable(),
      commentId: nullableNumber,
    }),
  ),
});
export const MemberList = z.strictObject({ items: z.array(z.strictObject({ id: z.number(), name: z.string(), handle: z.string().describe("what follows @ in a mention") })) });

/** POST /models/{id}/versions: the version, plus — for a model set to "evaluate new versions" — what became of it. */
export const RegisteredVersion = ModelVersion.extend({
  evaluation: z
    .union([
      z.strictObject({ status: z.literal("queued"), runId: z.number(), tasks: z.array(z.string()) }),
      z.strictObject({
        status: z.literal("failed"),
        tasks: z.array(z.string()),
        error: z.strictObject({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.array(z.string())).optional() }),
      }),
    ])
    .optional()
    .describe("only for a model set to evaluate new versions: the queued run, or why it could not be queued (the version is registered either way)"),
});
