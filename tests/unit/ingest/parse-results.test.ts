import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IngestError } from "@/lib/lmms-eval/ingest/errors";
import { parseDateStamp, parseResultsJson, type ParsedMetric, type ParsedResults } from "@/lib/lmms-eval/ingest/parse-results";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures");
const OPENAI_RESULTS = "lmms-eval/A_openai_mme_ai2d/logs/Qwen__Qwen2.5-VL-7B-Instruct/20260806_101502_results.json";
const DUMMY_RESULTS = "lmms-eval/B_dummy_offline_toy/logs/offline_smoke/20260806_113012_results.json";
const EDGE_RESULTS = "ingest-edge/grouped/20260102_030405_results.json";

function parseFixture(relativePath: string): ParsedResults {
  const filePath = path.join(FIXTURES, relativePath);
  return parseResultsJson(readFileSync(filePath, "utf8"), filePath);
}

function metricOf(parsed: ParsedResults, task: string, metric: string): ParsedMetric {
  const found = parsed.metrics.find((candidate) => candidate.task === task && candidate.metric === metric);
  if (!found) throw new Error(`no metric ${task}/${metric}`);
  return found;
}

function ingestErrorOf(text: string, fileName: string): IngestError {
  try {
    parseResultsJson(text, fileName);
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error("expected an IngestError");
}

describe("parseResultsJson on fixture A (openai backend, mme + ai2d)", () => {
  const parsed = parseFixture(OPENAI_RESULTS);

  it("splits metric,filter keys and attaches the three stderr variants", () => {
    expect(parsed.metrics.map(({ task, metric, filter }) => `${task}/${metric},${filter}`)).toEqual([
      "ai2d/exact_match,flexible-extract",
      "mme/mme_cognition_score,none",
      "mme/mme_perception_score,none",
    ]);
    expect(metricOf(parsed, "ai2d", "exact_match")).toEqual({
      task: "ai2d",
      metric: "exact_match",
      filter: "flexible-extract",
      value: 0.8335492227979274,
      valueRaw: null,
      stderr: 0.006704095996686236,
      stderrClt: 0.006704095996686069,
      stderrClustered: null,
      n: 3088,
      nOriginal: 3088,
      higherIsBetter: true,
      isGroup: false,
      group: null,
      taskVersion: "Yaml",
      nShot: 0,
      extras: {},
    });
  });

  it("counts documents from n-samples, not from the entry's `samples` (2114 MME perception items)", () => {
    const perception = metricOf(parsed, "mme", "mme_perception_score");
    expect(perception).toMatchObject({ value: 1713.2958183273308, stderr: null, stderrClt: 0.006888820284184943, n: 2374 });
    expect(metricOf(parsed, "mme", "mme_cognition_score")).toMatchObject({ value: 630.3571428571429, stderr: null, stderrClustered: null });
  });

  it("describes the tasks", () => {
    expect(parsed.tasks.map((task) => task.name)).toEqual(["ai2d", "mme"]);
    const mme = parsed.tasks[1];
    expect(mme).toMatchObject({
      alias: "mme",
      isGroup: false,
      parent: null,
      subtasks: [],
      version: "Yaml",
      nShot: 0,
      nOriginal: 2374,
      nEffective: 2374,
      higherIsBetter: { mme_perception_score: true, mme_cognition_score: true },
    });
    expect(mme.config).toMatchObject({ task: "mme", dataset_path: "lmms-lab-encoder/MME" });
  });

  it("reads the run-level fields", () => {
    expect(parsed).toMatchObject({
      modelSource: "openai",
      modelName: "Qwen/Qwen2.5-VL-7B-Instruct",
      modelArgs: "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=[REDACTED]",
      lmmsEvalVersion: "main@v0.6-181",
      gitHash: "v0.6-181-g75571cfe",
      date: "2026-08-06T10:15:02.000Z",
      dateTimezone: "Asia/Singapore",
      totalEvaluationSeconds: 511.88431207799294,
      throughput: { total_gen_tokens: 5479, total_elapsed_time: 7034.860970228487, avg_speed: 0.7788355765930718 },
    });
    expect(parsed.config).toMatchObject({ model: "openai", bootstrap_iters: 100000 });
    expect(parsed.usage).toMatchObject({ total: { n_api_calls: 5462 }, by_task: { _unknown: { output_tokens: 5479 } } });
    expect(parsed.efficiency).toMatchObject({ overall: { docs: 5462, tokens_per_correct_answer: 1.1737360754070265 } });
    expect(parsed.raw).toMatchObject({ model_name_sanitized: "Qwen__Qwen2.5-VL-7B-Instruct" });
  });
});

describe("parseResultsJson on fixture B (dummy backend, offline toy task)", () => {
  const parsed = parseFixture(DUMMY_RESULTS);

  it("reads the single metric with a numeric task version", () => {
    expect(parsed.metrics).toEqual([
      expect.objectContaining({
        task: "toy_qa",
        metric: "exact_match",
        filter: "none",
        value: 0.5,
        stderr: 0.22360679774997896,
        stderrClt: 0.22360679774997896,
        stderrClustered: null,
        n: 6,
        taskVersion: "0.1",
      }),
    ]);
  });

  it("maps the blocks the dummy backend leaves empty or out to null", () => {
    expect(parsed).toMatchObject({
      modelSource: "dummy",
      modelName: null,
      modelArgs: "response=A",
      gitHash: null,
      lmmsEvalVersion: "unknown@unknown",
      throughput: null,
      usage: null,
      date: "2026-08-06T11:30:12.000Z",
      totalEvaluationSeconds: 9.412250118999964,
    });
    expect(parsed.efficiency).toMatchObject({ overall: { docs: 6, total_correct_score: 3 } });
  });
});

describe("parseResultsJson on hand-made edge cases", () => {
  const parsed = parseFixture(EDGE_RESULTS);

  it("lists tasks and groups with their hierarchy", () => {
    expect(parsed.tasks.map(({ name, isGroup, parent, subtasks, alias }) => ({ name, isGroup, parent, subtasks, alias }))).toEqual([
      { name: "mmbench", isGroup: true, parent: null, subtasks: ["mmbench_en", "mmbench_cn"], alias: "mmbench" },
      { name: "mmbench_cn", isGroup: false, parent: "mmbench", subtasks: [], alias: "mmbench_cn" },
      { name: "mmbench_en", isGroup: false, parent: "mmbench", subtasks: [], alias: "mmbench_en" },
      { name: "suite", isGroup: true, parent: null, subtasks: ["toy_b", "toy_a"], alias: "suite" },
      { name: "toy_a", isGroup: false, parent: "suite", subtasks: [], alias: "toy_a" },
      { name: "toy_b", isGroup: false, parent: "suite", subtasks: [], alias: "toy_b" },
    ]);
  });

  it("gives an aggregating group its pooled metric, n from the summed samples", () => {
    expect(metricOf(parsed, "mmbench", "gpt_eval_score")).toMatchObject({ isGroup: true, group: null, value: 71.5, stderr: null, n: 300, taskVersion: null });
  });

  it("gives a non-aggregating group a task row and no metrics", () => {
    expect(parsed.metrics.filter((metric) => metric.task === "suite")).toEqual([]);
    expect(parsed.tasks.find((task) => task.name === "suite")).toMatchObject({ version: null, higherIsBetter: {} });
  });

  it("turns NaN, Infinity and N/A into null and keeps what was written", () => {
    expect(metricOf(parsed, "mmbench_cn", "gpt_eval_score")).toMatchObject({ value: null, valueRaw: "NaN", stderr: null, stderrClt: null, n: 100 });
    expect(metricOf(parsed, "mmbench_en", "gpt_eval_score")).toMatchObject({ stderrClt: null });
  });

  it("reads numbers written as strings", () => {
    expect(metricOf(parsed, "mmbench_en", "gpt_eval_score")).toMatchObject({
      value: 72.25,
      valueRaw: null,
      stderr: 0.031,
      stderrClustered: 0.045,
      n: 200,
      nOriginal: 4329,
      nShot: 0,
      taskVersion: "1.5",
    });
    expect(parsed.totalEvaluationSeconds).toBe(12.5);
  });

  it("keeps a non-numeric metric value (a dict) as valueRaw, storable as JSON", () => {
    const breakdown = metricOf(parsed, "toy_b", "judge_breakdown");
    expect(breakdown).toMatchObject({ value: null, higherIsBetter: null, stderr: null });
    expect(breakdown.valueRaw).toEqual({ NaN: "NaN", text: "Infinity and NaN", counts: [1, "-Infinity"] });
  });

  it("treats a `_stderr` name without a base metric as a metric of its own", () => {
    expect(metricOf(parsed, "toy_b", "my_stderr")).toMatchObject({ value: 0.25, higherIsBetter: null });
    expect(parsed.metrics.filter((metric) => metric.task === "toy_b").map((metric) => metric.metric)).toEqual(["exact_match", "judge_breakdown", "my_stderr"]);
  });

  it("puts --repeats values and task-level --baseline fields into extras", () => {
    expect(metricOf(parsed, "toy_a", "exact_match")).toMatchObject({
      value: 1,
      stderr: 0,
      stderrClt: 0,
      group: "suite",
      extras: {
        paired_baseline: "qwen25vl",
        paired_baseline_score: 50,
        paired_ci_lower: "-Infinity",
        paired_ci_upper: 12.5,
        paired_pvalue: 0.04,
        expected_accuracy: 0.75,
        consensus_accuracy: 1,
        internal_variance: 0.0625,
        consistency_rate: 0.5,
      },
    });
  });

  it("tolerates usage {}, missing throughput/efficiency and model_args given as a mapping", () => {
    expect(parsed).toMatchObject({
      usage: null,
      throughput: null,
      efficiency: null,
      modelName: null,
      modelArgs: '{"response":"NaN","note":"Infinity"}',
      dateTimezone: "UTC",
      date: "2026-01-02T03:04:05.000Z",
    });
    expect(parsed.tasks.find((task) => task.name === "mmbench_en")?.config).toMatchObject({ description: "NaN Infinity -Infinity stay text" });
  });
});

describe("parseResultsJson with minimal and broken input", () => {
  it("accepts a file with nothing but results, dating it from the file name", () => {
    const parsed = parseResultsJson('{"results": {"t": {"alias": "t", "acc,none": 1}}}', "/x/20250101_120000_results.json");
    expect(parsed.metrics).toEqual([expect.objectContaining({ task: "t", metric: "acc", value: 1, n: null, higherIsBetter: null, taskVersion: null })]);
    expect(parsed).toMatchObject({ date: "2025-01-01T12:00:00.000Z", modelSource: null, config: null, usage: null, totalEvaluationSeconds: null });
  });

  it.each([
    ["an object without results", '{"configs": {}}'],
    ["results that are not an object", '{"results": [1, 2]}'],
    ["a top-level array", "[]"],
  ])("rejects %s with an IngestError naming the file", (_label, text) => {
    const error = ingestErrorOf(text, "run/20260101_000000_results.json");
    expect(error.file).toBe("run/20260101_000000_results.json");
    expect(error.line).toBeUndefined();
    expect(error.message).toBe("run/20260101_000000_results.json: no `results` object: this is not an lmms-eval results file");
  });

  it("reports malformed JSON with the file, line and column", () => {
    const error = ingestErrorOf('{\n  "results": {\n    "t": {"acc,none": 0.5,}\n  }\n}', "bad_results.json");
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file: "bad_results.json", line: 3, column: 27 });
    expect(error.message).toBe('bad_results.json:3:27: invalid JSON: Expected a string key');
  });
});

describe("parseDateStamp", () => {
  it("reads YYYYMMDD_HHMMSS as UTC", () => {
    expect(parseDateStamp("20260806_101502")).toBe("2026-08-06T10:15:02.000Z");
  });

  it.each([["20260231_000000"], ["20260806_246000"], ["2026-08-06"], [20260806], [null]])("rejects %j", (stamp) => {
    expect(parseDateStamp(stamp)).toBeNull();
  });
});
