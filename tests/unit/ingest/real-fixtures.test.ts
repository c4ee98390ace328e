// The parsers over files the REAL lmms-eval 0.7.3 wrote (tests/fixtures/lmms-eval-real, see its README), and the
// task-YAML parser over a shape the real package ships. Where these differ from the synthesized fixtures of the
// reference, the real files are right (docs/LMMS-EVAL-REAL.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locateResultFiles, parseResultsJson, readSamples, type ParsedSample } from "@/lib/lmms-eval/ingest";
import { parseTaskYaml } from "@/lib/lmms-eval/tasks";

const REAL = path.join(import.meta.dirname, "../../fixtures/lmms-eval-real");
const DUMMY_DIR = path.join(REAL, "dummy_toy_qa/output");
const OPENAI_DIR = path.join(REAL, "openai_color_vqa/output");

async function allSamples(file: string, task: string): Promise<ParsedSample[]> {
  const out: ParsedSample[] = [];
  for await (const sample of readSamples(file, { task, fileName: file, primaryMetric: "exact_match" })) out.push(sample);
  return out;
}

const jsonLines = (file: string) => readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

describe("real lmms-eval 0.7.3 output folders", () => {
  it("are located as lmms-eval lays them out: flat without a model key, under the model name with one", async () => {
    const dummy = await locateResultFiles(DUMMY_DIR);
    expect(dummy).toEqual([{ resultsPath: path.join(DUMMY_DIR, "20261126_213719_results.json"), stamp: "20261126_213719", samples: [{ task: "dash_toy_qa", path: path.join(DUMMY_DIR, "20261126_213719_samples_dash_toy_qa.jsonl") }] }]);
    const openai = await locateResultFiles(OPENAI_DIR);
    expect(openai.map((f) => path.relative(OPENAI_DIR, f.resultsPath))).toEqual(["mock-vlm/20261126_213218_results.json"]);
    expect(openai[0].samples.map((s) => s.task)).toEqual(["dash_color_vqa"]);
  });

  it("dummy run: results parse without the `samples` key the reference expected, n comes from n-samples", () => {
    const file = path.join(DUMMY_DIR, "20261126_213719_results.json");
    const text = readFileSync(file, "utf8");
    const raw = JSON.parse(text);
    // Real 0.7.3: prepare_print_tasks pops `samples`; `process_docs_parallel` is new in `config`.
    expect(Object.keys(raw.results.dash_toy_qa)).toEqual(["alias", "exact_match,none", "exact_match_stderr,none", "exact_match_stderr_clt,none", "exact_match_stderr_clustered,none"]);
    expect(raw.config.process_docs_parallel).toBe(4);
    expect(text.endsWith("\n}")).toBe(true);

    const parsed = parseResultsJson(text, file);
    expect(parsed.metrics).toEqual([
      expect.objectContaining({ task: "dash_toy_qa", metric: "exact_match", filter: "none", value: 0.5, stderr: raw.results.dash_toy_qa["exact_match_stderr,none"], stderrClt: raw.results.dash_toy_qa["exact_match_stderr_clt,none"], stderrClustered: null, n: 6, nOriginal: 6, higherIsBetter: true, taskVersion: "0.1", nShot: 0, isGroup: false }),
    ]);
    expect(parsed).toMatchObject({
      modelSource: "dummy",
      modelName: null,
      modelArgs: "response=A",
      // A pip install outside a git checkout: lmms-eval records no git information at all.
      gitHash: null,
      lmmsEvalVersion: "unknown@unknown",
      date: "2026-11-26T21:37:19.000Z",
      dateTimezone: "UTC",
      throughput: null,
      usage: null,
    });
    expect(parsed.totalEvaluationSeconds).toBeGreaterThan(0);
    expect(parsed.efficiency).toMatchObject({ overall: { docs: 6, docs_with_token_counts: 0, total_correct_score: 3 } });
  });

  it("dummy run: every sample line is read as written, token counts are [null]", async () => {
    const file = path.join(DUMMY_DIR, "20261126_213719_samples_dash_toy_qa.jsonl");
    const lines = jsonLines(file);
    const samples = await allSamples(file, "dash_toy_qa");
    expect(samples).toHaveLength(6);
    samples.forEach((sample, i) => {
      const line = lines[i];
      expect(Object.keys(line)).toEqual(["doc_id", "target", "filtered_resps", "token_counts", "doc_hash", "exact_match", "input"]);
      expect(sample).toMatchObject({ docId: line.doc_id, target: line.target, filteredResps: "A", resps: undefined, responseText: "A", input: line.input, tokenCounts: [null], inputTokens: null, outputTokens: null, failure: null, primaryMetric: "exact_match" });
      expect(sample.correct).toBe(line.exact_match === 1);
      // Instance.doc is never set: every doc_hash is sha256("null") (docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl, confirmed).
      expect(line.doc_hash).toBe("74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b");
    });
  });

  it("openai run: usage, throughput and efficiency blocks, per-sample token counts, model folder", async () => {
    const file = path.join(OPENAI_DIR, "mock-vlm/20261126_213218_results.json");
    const parsed = parseResultsJson(readFileSync(file, "utf8"), file);
    expect(parsed).toMatchObject({
      modelSource: "openai",
      modelName: "mock-vlm",
      // The API key is redacted in the file (not in the console's run line).
      modelArgs: expect.stringContaining("api_key=[REDACTED]"),
      throughput: { total_gen_tokens: 24, total_elapsed_time: expect.any(Number), avg_speed: expect.any(Number) },
      usage: {
        total: { input_tokens: 2304, output_tokens: 24, reasoning_tokens: 0, total_tokens: 2328, n_api_calls: 24 },
        by_task: { _unknown: { n_api_calls: 24 } },
        by_source: { model: { n_api_calls: 24 } },
        budget_exceeded: false,
        budget_total_tokens: null,
      },
      efficiency: { overall: { docs: 24, docs_with_token_counts: 24, total_output_tokens: 24, total_correct_score: 12, tokens_per_correct_answer: 2 } },
    });
    expect(parsed.metrics).toEqual([expect.objectContaining({ task: "dash_color_vqa", metric: "exact_match", value: 0.5, n: 24, taskVersion: "1" })]);

    const samplesFile = path.join(OPENAI_DIR, "mock-vlm/20261126_213218_samples_dash_color_vqa.jsonl");
    const samples = await allSamples(samplesFile, "dash_color_vqa");
    expect(samples).toHaveLength(24);
    for (const sample of samples) {
      expect(sample.tokenCounts).toEqual([{ input_tokens: 96, output_tokens: 1, reasoning_tokens: 0 }]);
      expect(sample).toMatchObject({ inputTokens: 96, outputTokens: 1, filteredResps: "red", inputMedia: [] });
    }
    // PIL images built by doc_to_visual leave no string reference, so lmms-eval writes no `input_media`.
    expect(jsonLines(samplesFile).some((line) => "input_media" in line)).toBe(false);
    expect(samples.filter((s) => s.correct).length).toBe(12);
  });
});

describe("task YAML shapes the real lmms-eval 0.7.3 package ships", () => {
  it("reads a flow mapping whose lines are not indented past its key, as PyYAML does (tempcompass/_default_template_yaml)", () => {
    const text = [
      "dataset_path: lmms-eval/TempCompass",
      "lmms_eval_specific_kwargs:",
      "  default:",
      '    pre_prompt: ""',
      "    post_prompt: {",
      '    "multi-choice": "\\nPlease directly give the best option:",',
      '    "yes_no": "\\nPlease answer yes or no:",',
      '    "captioning": ""',
      "}",
      "  plm:",
      '    pre_prompt: "x # not a comment"',
      "    post_prompt: {",
      '    "yes_no": "\\nOnly answer yes or no.",',
      '    "brace in a string }": ""',
      "}",
      "",
    ].join("\n");
    expect(parseTaskYaml(text)).toEqual({
      ok: true,
      unknownTags: [],
      data: {
        dataset_path: "lmms-eval/TempCompass",
        lmms_eval_specific_kwargs: {
          default: { pre_prompt: "", post_prompt: { "multi-choice": "\nPlease directly give the best option:", yes_no: "\nPlease answer yes or no:", captioning: "" } },
          plm: { pre_prompt: "x # not a comment", post_prompt: { yes_no: "\nOnly answer yes or no.", "brace in a string }": "" } },
        },
      },
    });
  });

  it("still reports YAML that is broken for PyYAML too", () => {
    expect(parseTaskYaml("a: {b: 1\nc: 2\n")).toMatchObject({ ok: false });
  });
});
