import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { IngestError } from "./errors";
import { JsonSyntaxError, parseTolerantJson } from "./tolerant-json";
import { isJsonObject, toFiniteNumber, type JsonObject } from "./values";

export type SampleFailure = "request_failed" | "budget_exceeded";

/** One line of `<stamp>_samples_<task>.jsonl` (docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl), with the display fields derived. */
export interface ParsedSample {
  task: string;
  /** Index in the evaluated split; `(task, docId)` is the sample's identity (`doc_hash` is useless, §samples-jsonl). */
  docId: number;
  target: string | null;
  /** A string for generate_until tasks, a list (one entry per choice) for loglikelihood tasks. */
  filteredResps: unknown;
  /** The pre-strip filter output; absent when equal to `filteredResps`. */
  resps: unknown | undefined;
  /** `filteredResps` flattened to text (list entries joined by newlines). */
  responseText: string;
  /** Every metric field `process_results` returned, as written. */
  scores: Record<string, unknown>;
  primaryMetric: string | null;
  primaryScore: number | null;
  /** Set only when the primary score is exactly 0 or 1; see `ReadSamplesSummary.nonBinaryMetrics`. */
  correct: boolean | null;
  category: string | null;
  input: string | null;
  inputMedia: string[];
  tokenCounts: unknown;
  inputTokens: number | null;
  outputTokens: number | null;
  failure: SampleFailure | null;
  /** The JSONL line as read. */
  raw: string;
  /** The line held bare NaN/Infinity (rare): only then must values go through `toStorableJson` before storing. */
  hasNonFinite: boolean;
}

export interface ReadSamplesOptions {
  task: string;
  /** Used in error messages. */
  fileName: string;
  /** Metric to score by; when a sample lacks it, its first metric field is used. */
  primaryMetric?: string;
  /** Field of dict-valued scores holding the number (the task's `score_key`); default `score`. */
  scoreKey?: string;
}

/** What the whole file showed, returned when the generator finishes. */
export interface ReadSamplesSummary {
  sampleCount: number;
  /**
   * Primary metrics that took a value other than 0 or 1 somewhere in the file (e.g. `anls`), so their 0/1 values
   * are scores, not right/wrong: callers should clear `correct` for samples scored by these metrics once the stream
   * ends. Known 0/1 metrics (`exact_match`, `acc`, …) are never listed.
   */
  nonBinaryMetrics: string[];
}

/** Sample keys that are not metric fields (§samples-jsonl; `doc`/`arguments` appear in older versions). */
const NON_METRIC_SAMPLE_KEYS = new Set([
  "doc_id",
  "target",
  "resps",
  "filtered_resps",
  "token_counts",
  "doc_hash",
  "input_media",
  "input",
  "doc",
  "arguments",
]);
const BINARY_METRICS = new Set(["exact_match", "acc", "acc_norm", "acc_all", "acc_mutual_info"]);
/**
 * What the API backends answer instead of a model response (§samples-jsonl): `[LMMS_EVAL_REQUEST_FAILED after N
 * retries] <error>` and `[LMMS_EVAL_BUDGET_EXCEEDED]`. They are scored like answers, so they must be spotted here.
 */
const FAILURE_MARKERS: ReadonlyArray<readonly [string, SampleFailure]> = [
  ["[LMMS_EVAL_REQUEST_FAILED", "request_failed"],
  ["[LMMS_EVAL_BUDGET_EXCEEDED]", "budget_exceeded"],
];
const DEFAULT_SCORE_KEY = "score";

/**
 * Streams a samples JSONL file (a path or an open stream) one sample at a time; memory holds one line, however
 * long. Blank lines are skipped. A line that is not a JSON object with an integer `doc_id`, or whose `doc_id` an
 * earlier line already used, throws `IngestError` with its 1-based line number. Returns a `ReadSamplesSummary`.
 */
export async function* readSamples(
  source: NodeJS.ReadableStream | string,
  opts: ReadSamplesOptions,
): AsyncGenerator<ParsedSample, ReadSamplesSummary, undefined> {
  const stream = typeof source === "string" ? createReadStream(source) : source;
  const nonBinaryMetrics = new Set<string>();
  let sampleCount = 0;
  let lineNumber = 0;
  // (task, doc_id) is a sample's identity: a second line with the same doc_id is a broken file, not a second answer.
  const lineOfDocId = new Map<number, number>();
  for await (const line of readLines(stream)) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    const sample = parseSampleLine(line, lineNumber, opts);
    const firstLine = lineOfDocId.get(sample.docId);
    if (firstLine !== undefined) {
      throw new IngestError({
        file: opts.fileName,
        line: lineNumber,
        reason: `doc_id ${sample.docId} appears twice (lines ${firstLine} and ${lineNumber}); each sample of a task needs its own doc_id`,
      });
    }
    lineOfDocId.set(sample.docId, lineNumber);
    const { primaryMetric, primaryScore } = sample;
    if (primaryMetric !== null && primaryScore !== null && primaryScore !== 0 && primaryScore !== 1 && !BINARY_METRICS.has(primaryMetric)) {
      nonBinaryMetrics.add(primaryMetric);
    }
    sampleCount += 1;
    yield sample;
  }
  return { sampleCount, nonBinaryMetrics: [...nonBinaryMetrics] };
}

/** Splits a byte stream on `\n` (dropping a `\r` before it), decoding UTF-8 across chunk boundaries. */
async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  // A line longer than one chunk is kept as parts and joined once, so a multi-megabyte line costs O(length).
  let parts: string[] = [];
  for await (const chunk of stream) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    let lineStart = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", lineStart)) {
      parts.push(text.slice(lineStart, newline));
      yield withoutCarriageReturn(parts.join(""));
      parts = [];
      lineStart = newline + 1;
    }
    if (lineStart < text.length) parts.push(text.slice(lineStart));
  }
  const rest = decoder.end();
  if (rest) parts.push(rest);
  if (parts.length > 0) yield withoutCarriageReturn(parts.join(""));
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function parseSampleLine(line: string, lineNumber: number, opts: ReadSamplesOptions): ParsedSample {
  const fail = (reason: string, column?: number, cause?: unknown): never => {
    throw new IngestError({ file: opts.fileName, line: lineNumber, column, reason, cause });
  };
  let record: unknown;
  let hasNonFinite = false;
  try {
    // Plain JSON.parse first: it is the fast path, and when it succeeds no non-finite number can be in the line.
    record = JSON.parse(line);
  } catch {
    hasNonFinite = true;
  }
  if (hasNonFinite) {
    try {
      record = parseTolerantJson(line);
    } catch (error) {
      if (error instanceof JsonSyntaxError) fail(`invalid JSON: ${error.reason}`, error.column, error);
      throw error;
    }
  }
  if (!isJsonObject(record)) return fail("a sample line must be a JSON object");
  const docId = record.doc_id;
  if (typeof docId !== "number" || !Number.isSafeInteger(docId)) {
    return fail(docId === undefined ? "the sample has no `doc_id`" : "`doc_id` must be an integer");
  }

  const scores: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (!NON_METRIC_SAMPLE_KEYS.has(key)) scores[key] = record[key];
  const primaryMetric = choosePrimaryMetric(scores, opts.primaryMetric);
  const { score: primaryScore, category } = primaryMetric === null
    ? { score: null, category: null }
    : readScore(scores[primaryMetric], opts.scoreKey ?? DEFAULT_SCORE_KEY);
  const responseText = toDisplayText(record.filtered_resps);
  const tokenCounts = record.token_counts ?? null;

  return {
    task: opts.task,
    docId,
    target: record.target === undefined || record.target === null ? null : toDisplayText(record.target),
    filteredResps: record.filtered_resps,
    resps: record.resps,
    responseText,
    scores,
    primaryMetric,
    primaryScore,
    correct: primaryScore === 1 ? true : primaryScore === 0 ? false : null,
    category,
    input: typeof record.input === "string" ? record.input : null,
    inputMedia: Array.isArray(record.input_media) ? record.input_media.filter((item): item is string => typeof item === "string") : [],
    tokenCounts,
    inputTokens: sumTokenCounts(tokenCounts, "input_tokens"),
    outputTokens: sumTokenCounts(tokenCounts, "output_tokens"),
    failure: detectFailure(record),
    raw: line,
    hasNonFinite,
  };
}

function choosePrimaryMetric(scores: Record<string, unknown>, preferred: string | undefined): string | null {
  // MME writes `mme_perception_score` on some lines and `mme_cognition_score` on others, so a preferred metric
  // missing from a line falls back to that line's own first metric instead of leaving it unscored.
  if (preferred !== undefined && Object.hasOwn(scores, preferred)) return preferred;
  return Object.keys(scores)[0] ?? null;
}

/**
 * A metric field as a number (+ category). Dict scores such as MME's `{question_id, category, score}` hold the
 * number under the task's `score_key` (§statistics, `_stderr_clt`). Python booleans count as 0/1.
 */
function readScore(value: unknown, scoreKey: string): { score: number | null; category: string | null } {
  if (typeof value === "boolean") return { score: value ? 1 : 0, category: null };
  if (isJsonObject(value)) {
    const category = typeof value.category === "string" ? value.category : null;
    return { score: Object.hasOwn(value, scoreKey) ? readScore(value[scoreKey], scoreKey).score : null, category };
  }
  return { score: toFiniteNumber(value), category: null };
}

function toDisplayText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(toDisplayText).join("\n");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `token_counts` has one entry per request; backends that return plain strings write `null` entries (§samples-jsonl). */
function sumTokenCounts(tokenCounts: unknown, field: "input_tokens" | "output_tokens"): number | null {
  if (!Array.isArray(tokenCounts)) return null;
  let total: number | null = null;
  for (const entry of tokenCounts) {
    const count = isJsonObject(entry) ? toFiniteNumber(entry[field]) : null;
    if (count !== null) total = (total ?? 0) + count;
  }
  return total;
}

/** Checks the filtered answer and the pre-filter one: a regex filter can reduce the marker text to "[invalid]". */
function detectFailure(record: JsonObject): SampleFailure | null {
  const answers = [...textLeaves(record.filtered_resps), ...textLeaves(record.resps)].map((text) => text.trimStart());
  for (const [marker, failure] of FAILURE_MARKERS) {
    if (answers.some((answer) => answer.startsWith(marker))) return failure;
  }
  return null;
}

function textLeaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.flatMap(textLeaves) : [];
}
