import path from "node:path";
import { IngestError } from "./errors";
import { JsonSyntaxError, parseTolerantJson } from "./tolerant-json";
import { isJsonObject, stringOrNull, toFiniteNumber, toStorableJson, type JsonObject } from "./values";

/** One `(task, metric, filter)` value of `results[<task>]` (docs/LMMS-EVAL-BEHAVIOUR.md §task-results), with its statistics attached. */
export interface ParsedMetric {
  task: string;
  metric: string;
  /** `filter_list[].name`; `none` is lmms-eval's default pipeline. */
  filter: string;
  /** Null when the value is not a finite number (`"N/A"`, NaN, a dict from a custom aggregation, …). */
  value: number | null;
  /** The original value when `value` is null (non-finite numbers as the strings `"NaN"`, `"Infinity"`); else null. */
  valueRaw: unknown;
  /** Bootstrap (or mean) stderr from `<metric>_stderr,<filter>`. */
  stderr: number | null;
  stderrClt: number | null;
  stderrClustered: number | null;
  /** Documents evaluated: `n-samples.effective`, else the entry's `samples`. */
  n: number | null;
  nOriginal: number | null;
  higherIsBetter: boolean | null;
  isGroup: boolean;
  /** The parent group (from `group_subtasks`), null for top-level tasks. */
  group: string | null;
  taskVersion: string | null;
  nShot: number | null;
  /** `--repeats` stability values (`expected_accuracy`, …) and task-level fields such as `paired_*` (`--baseline`). */
  extras: Record<string, unknown>;
}

export interface ParsedTask {
  name: string;
  /** `alias` without the `" - "` depth prefix lmms-eval adds for subtasks. */
  alias: string | null;
  isGroup: boolean;
  parent: string | null;
  subtasks: string[];
  version: string | null;
  nShot: number | null;
  nOriginal: number | null;
  nEffective: number | null;
  /** `configs[task]` (the resolved task YAML), null for groups and when absent. */
  config: JsonObject | null;
  higherIsBetter: Record<string, boolean | null>;
}

export interface ParsedResults {
  metrics: ParsedMetric[];
  tasks: ParsedTask[];
  /** The `--model` value. */
  modelSource: string | null;
  /** The model name lmms-eval extracted from `--model_args` (§model-args); null when it found none. */
  modelName: string | null;
  modelArgs: string | null;
  config: JsonObject | null;
  lmmsEvalVersion: string | null;
  gitHash: string | null;
  /** ISO-8601 start of the run, read as UTC (see `parseDateStamp`). */
  date: string | null;
  /** The `--timezone` the `date` stamp was written in, when the file records it (`config.resolved_cli_args`). */
  dateTimezone: string | null;
  totalEvaluationSeconds: number | null;
  throughput: JsonObject | null;
  usage: JsonObject | null;
  efficiency: JsonObject | null;
  raw: JsonObject;
}

/** Keys of `results[<task>]` that are neither metrics nor task-level extras (§task-results). */
const NON_METRIC_KEYS = new Set(["alias", "samples", " "]);

/**
 * Suffixes that attach a key to the metric it qualifies: `<metric><suffix>,<filter>` (§task-results). Checked
 * only when `<metric>,<filter>` itself exists, so a metric that merely ends in `_stderr` stays a metric.
 */
const STDERR_SUFFIXES = {
  _stderr_clustered: "stderrClustered",
  _stderr_clt: "stderrClt",
  _stderr: "stderr",
} as const;
const REPEATS_SUFFIXES = ["_expected_accuracy", "_consensus_accuracy", "_internal_variance", "_consistency_rate"] as const;

const SUBTASK_ALIAS_PREFIX = /^ +- /;
const DATE_STAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/;
const RESULTS_FILE_STAMP_PATTERN = /^(\d{8}_\d{6})_results\.json$/;

/**
 * Reads an lmms-eval `<stamp>_results.json` (§results-json, §task-results, §run-config). Tolerates what lmms-eval really writes: bare
 * NaN/Infinity, `"N/A"`, numbers as strings, missing optional blocks, `usage: {}`. Throws `IngestError` when the
 * text is not JSON or has no `results` object.
 */
export function parseResultsJson(text: string, fileName = "results.json"): ParsedResults {
  const document = parseDocument(text, fileName);
  if (!isJsonObject(document) || !isJsonObject(document.results)) {
    throw new IngestError({ file: fileName, reason: "no `results` object: this is not an lmms-eval results file" });
  }
  const results = document.results;
  const aggregatedGroups = objectOrEmpty(document.groups);
  const subtasksByGroup = readGroupSubtasks(document.group_subtasks);
  const parentByTask = new Map<string, string>();
  for (const [group, subtasks] of subtasksByGroup) {
    // A task listed under two groups keeps the first: one parent is enough to draw the hierarchy.
    for (const subtask of subtasks) if (!parentByTask.has(subtask)) parentByTask.set(subtask, group);
  }
  const groupNames = new Set<string>([
    ...Object.keys(aggregatedGroups),
    ...[...subtasksByGroup].filter(([, subtasks]) => subtasks.length > 0).map(([group]) => group),
    ...Object.entries(results).filter(([, entry]) => isJsonObject(entry) && " " in entry).map(([name]) => name),
  ]);

  const versions = objectOrEmpty(document.versions);
  const nShots = objectOrEmpty(document["n-shot"]);
  const nSamples = objectOrEmpty(document["n-samples"]);
  const configs = objectOrEmpty(document.configs);
  const higherIsBetterByTask = objectOrEmpty(document.higher_is_better);

  const taskNames = new Set<string>([
    ...Object.keys(results),
    ...Object.keys(aggregatedGroups),
    ...[...subtasksByGroup].flatMap(([group, subtasks]) => [group, ...subtasks]),
  ]);

  const tasks: ParsedTask[] = [];
  const metrics: ParsedMetric[] = [];
  for (const name of taskNames) {
    // An aggregating group is written both in `results` and in `groups` (§task-results); `results` wins.
    const entry = isJsonObject(results[name]) ? results[name] : objectOrEmpty(aggregatedGroups[name]);
    const counts = objectOrEmpty(nSamples[name]);
    const task: ParsedTask = {
      name,
      alias: readAlias(entry.alias),
      isGroup: groupNames.has(name),
      parent: parentByTask.get(name) ?? null,
      subtasks: subtasksByGroup.get(name) ?? [],
      version: readVersion(versions[name]),
      nShot: toFiniteNumber(nShots[name]),
      nOriginal: toFiniteNumber(counts.original),
      nEffective: toFiniteNumber(counts.effective),
      config: isJsonObject(configs[name]) ? configs[name] : null,
      higherIsBetter: readHigherIsBetter(higherIsBetterByTask[name]),
    };
    tasks.push(task);
    metrics.push(...readMetrics(task, entry));
  }

  const config = isJsonObject(document.config) ? document.config : null;
  const resolvedCliArgs = objectOrEmpty(config?.resolved_cli_args);
  return {
    metrics,
    tasks,
    modelSource: stringOrNull(document.model_source) ?? stringOrNull(config?.model),
    // lmms-eval writes "" when no `pretrained=`/`model=`/… key was found in `--model_args` (§output-files).
    modelName: stringOrNull(document.model_name) || null,
    modelArgs: readModelArgs(config?.model_args),
    config,
    lmmsEvalVersion: stringOrNull(document.lmms_eval_version),
    gitHash: stringOrNull(document.git_hash),
    date: parseDateStamp(document.date) ?? parseDateStamp(stampFromResultsFileName(fileName)),
    dateTimezone: stringOrNull(resolvedCliArgs.timezone),
    totalEvaluationSeconds: toFiniteNumber(document.total_evaluation_time_seconds),
    throughput: isJsonObject(document.throughput) ? document.throughput : null,
    // `usage` is `{}` when no backend recorded token usage (§results-json): that is "no data", not zero usage.
    usage: isJsonObject(document.usage) && Object.keys(document.usage).length > 0 ? document.usage : null,
    efficiency: isJsonObject(document.efficiency) ? document.efficiency : null,
    raw: document,
  };
}

/**
 * `YYYYMMDD_HHMMSS` → ISO-8601. The stamp carries no timezone: lmms-eval writes it in `--timezone` (default
 * Asia/Singapore), and the dashboard launches with `--timezone UTC` (§flags), so the stamp
 * is read as UTC. For imported runs made with another timezone this is off by that zone's offset; `dateTimezone`
 * tells which zone the stamp was really in.
 */
export function parseDateStamp(stamp: unknown): string | null {
  if (typeof stamp !== "string") return null;
  const match = DATE_STAMP_PATTERN.exec(stamp);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 20260231 over to March; a stamp that does not round-trip is not a real date.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute) {
    return null;
  }
  return date.toISOString();
}

function parseDocument(text: string, fileName: string): unknown {
  try {
    return parseTolerantJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new IngestError({ file: fileName, line: error.line, column: error.column, reason: `invalid JSON: ${error.reason}`, cause: error });
    }
    throw error;
  }
}

function readMetrics(task: ParsedTask, entry: JsonObject): ParsedMetric[] {
  // Non-aggregating groups are written as `{" ": " ", "alias": …}` and have no metrics (§task-results).
  const taskLevelExtras: Record<string, unknown> = {};
  const metricKeys: Array<{ key: string; metric: string; filter: string }> = [];
  for (const key of Object.keys(entry)) {
    if (NON_METRIC_KEYS.has(key)) continue;
    const comma = key.indexOf(",");
    // Comma-less keys are task-level, e.g. the `--baseline` fields `paired_baseline`, `paired_pvalue` (§task-results).
    if (comma === -1) taskLevelExtras[key] = toStorableJson(entry[key]);
    else metricKeys.push({ key, metric: key.slice(0, comma), filter: key.slice(comma + 1) });
  }

  const parsed = new Map<string, ParsedMetric>();
  const qualifiers: Array<{ key: string; filter: string; attachment: Attachment }> = [];
  for (const candidate of metricKeys) {
    const attachment = qualifiedMetric(candidate, entry);
    if (attachment) {
      qualifiers.push({ key: candidate.key, filter: candidate.filter, attachment });
      continue;
    }
    const raw = entry[candidate.key];
    const value = toFiniteNumber(raw);
    parsed.set(candidate.key, {
      task: task.name,
      metric: candidate.metric,
      filter: candidate.filter,
      value,
      valueRaw: value === null ? toStorableJson(raw) : null,
      stderr: null,
      stderrClt: null,
      stderrClustered: null,
      n: task.nEffective ?? toFiniteNumber(entry.samples),
      nOriginal: task.nOriginal,
      higherIsBetter: Object.hasOwn(task.higherIsBetter, candidate.metric) ? task.higherIsBetter[candidate.metric] : null,
      isGroup: task.isGroup,
      group: task.parent,
      taskVersion: task.version,
      nShot: task.nShot,
      extras: { ...taskLevelExtras },
    });
  }
  for (const { key, filter, attachment } of qualifiers) {
    const target = parsed.get(`${attachment.baseMetric},${filter}`);
    // The base is itself a qualifier (e.g. `x_stderr_stderr`): nothing sensible to attach it to.
    if (!target) continue;
    if (attachment.field === "extra") target.extras[attachment.name] = toStorableJson(entry[key]);
    else target[attachment.field] = toFiniteNumber(entry[key]);
  }
  return [...parsed.values()];
}

type Attachment =
  | { baseMetric: string; field: (typeof STDERR_SUFFIXES)[keyof typeof STDERR_SUFFIXES] }
  | { baseMetric: string; field: "extra"; name: string };

/** When the key qualifies another metric of the entry (a stderr or a `--repeats` value), which one and how. */
function qualifiedMetric(candidate: { metric: string; filter: string }, entry: JsonObject): Attachment | null {
  const exists = (baseMetric: string): boolean => Object.hasOwn(entry, `${baseMetric},${candidate.filter}`);
  for (const [suffix, field] of Object.entries(STDERR_SUFFIXES)) {
    const baseMetric = candidate.metric.slice(0, -suffix.length);
    if (candidate.metric.endsWith(suffix) && baseMetric && exists(baseMetric)) return { baseMetric, field };
  }
  for (const suffix of REPEATS_SUFFIXES) {
    const baseMetric = candidate.metric.slice(0, -suffix.length);
    if (candidate.metric.endsWith(suffix) && baseMetric && exists(baseMetric)) return { baseMetric, field: "extra", name: suffix.slice(1) };
  }
  return null;
}

function readGroupSubtasks(value: unknown): Map<string, string[]> {
  const subtasksByGroup = new Map<string, string[]>();
  for (const [group, subtasks] of Object.entries(objectOrEmpty(value))) {
    subtasksByGroup.set(group, Array.isArray(subtasks) ? subtasks.filter((name): name is string => typeof name === "string") : []);
  }
  return subtasksByGroup;
}

function readAlias(value: unknown): string | null {
  // Subtask aliases carry one space per depth level plus "- " (`prepare_print_tasks`, §task-results).
  return typeof value === "string" ? value.replace(SUBTASK_ALIAS_PREFIX, "") : null;
}

function readVersion(value: unknown): string | null {
  // "Yaml" (kept as is) means the task YAML's metadata is a list, so no real version exists (§results-json).
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value !== "N/A" ? value : null;
}

function readHigherIsBetter(value: unknown): Record<string, boolean | null> {
  const map: Record<string, boolean | null> = {};
  for (const [metric, flag] of Object.entries(objectOrEmpty(value))) map[metric] = typeof flag === "boolean" ? flag : null;
  return map;
}

function readModelArgs(value: unknown): string | null {
  if (typeof value === "string") return value;
  // Through the Python API or a `--config` YAML, model_args can be a mapping; keep it readable as JSON.
  return value === undefined || value === null ? null : JSON.stringify(toStorableJson(value));
}

function stampFromResultsFileName(fileName: string): string | null {
  return RESULTS_FILE_STAMP_PATTERN.exec(path.basename(fileName))?.[1] ?? null;
}

function objectOrEmpty(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}
