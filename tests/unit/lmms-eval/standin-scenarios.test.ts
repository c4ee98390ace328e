import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

import { judgeOutcome, stripAnsi } from "@/lib/lmms-eval/stream";

import { FIXTURES_DIR, makeOutputDir, runStandin, STANDIN_PYTHONPATH, type StandinRun } from "./run-standin";

const FIXTURE_A_RESULTS = path.join(FIXTURES_DIR, "A_openai_mme_ai2d/logs/Qwen__Qwen2.5-VL-7B-Instruct/20260806_101502_results.json");
const FIXTURE_B_DIR = path.join(FIXTURES_DIR, "B_dummy_offline_toy");
const FIXTURE_B_RESULTS = path.join(FIXTURE_B_DIR, "logs/offline_smoke/20260806_113012_results.json");
const DOC_HASH = "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b";

type Json = Record<string, any>;

const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8"));
const readSamples = (file: string): Json[] => readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));
const filesIn = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
const withoutSamples = (keys: string[]) => keys.filter((key) => key !== "samples");
const insertAfter = (keys: string[], after: string, key: string) => keys.flatMap((k) => (k === after ? [k, key] : [k]));
const judge = (run: StandinRun, cancelled = false) => judgeOutcome({ exitCode: run.exitCode, signal: run.signal, resultsFiles: run.resultsFiles, evidence: run.tracker.evidence(), cancelled });

/** docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl: doc_id, target, [resps], filtered_resps, token_counts, doc_hash, [input_media], <metrics…>, input. */
function expectSampleKeyOrder(sample: Json, metricKeys: string[]) {
  const expected = ["doc_id", "target", ...("resps" in sample ? ["resps"] : []), "filtered_resps", "token_counts", "doc_hash", ...("input_media" in sample ? ["input_media"] : []), ...metricKeys, "input"];
  expect(Object.keys(sample)).toEqual(expected);
}

describe("lmms-eval stand-in: successful runs", () => {
  it("writes results and samples for a chat model like fixture A (§output-files to §samples-jsonl)", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(
      ["eval", "--model", "openai", "--model_args", "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=EMPTY", "--tasks", "mme,ai2d", "--log_samples", "--output_path", outputDir, "--timezone", "UTC"],
      outputDir,
    );
    expect(run.exitCode).toBe(0);
    expect(judge(run)).toEqual({ status: "succeeded", reason: null });

    const files = filesIn(outputDir);
    const stamp = files.find((f) => f.endsWith("_results.json"))!.match(/(\d{8}_\d{6})_results\.json$/)![1];
    expect(files).toEqual([
      "Qwen__Qwen2.5-VL-7B-Instruct",
      `Qwen__Qwen2.5-VL-7B-Instruct/${stamp}_results.json`,
      `Qwen__Qwen2.5-VL-7B-Instruct/${stamp}_samples_ai2d.jsonl`,
      `Qwen__Qwen2.5-VL-7B-Instruct/${stamp}_samples_mme.jsonl`,
    ]);
    const nowUtc = new Date().toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
    expect(Math.abs(Number(nowUtc.replace("_", "")) - Number(stamp.replace("_", "")))).toBeLessThan(200);

    const raw = readFileSync(run.resultsFiles[0], "utf8");
    expect(raw.endsWith("}")).toBe(true);
    expect(raw).toContain('\n  "results": {\n    "ai2d": {');
    const results = JSON.parse(raw);
    const fixture = readJson(FIXTURE_A_RESULTS);
    expect(Object.keys(results)).toEqual(Object.keys(fixture));
    // Where the synthesized fixture (lmms-eval 0.7.2 by code reading) and the real lmms-eval 0.7.3 differ, the stand-in
    // follows the real one (docs/LMMS-EVAL-REAL.md): `process_docs_parallel` exists, `samples` is never written.
    expect(Object.keys(results.config)).toEqual(insertAfter(Object.keys(fixture.config), "bootstrap_iters", "process_docs_parallel"));
    expect(Object.keys(results.config.resolved_cli_args)).toEqual(insertAfter(Object.keys(fixture.config.resolved_cli_args), "process_with_media", "process_docs_parallel"));
    expect(Object.keys(results.results.mme)).toEqual(withoutSamples(Object.keys(fixture.results.mme)));
    expect(Object.keys(results.results.ai2d)).toEqual(withoutSamples(Object.keys(fixture.results.ai2d)));
    expect(Object.keys(results.configs.ai2d)).toEqual(Object.keys(fixture.configs.ai2d));
    expect(results).toMatchObject({
      date: stamp,
      model_source: "openai",
      model_name: "Qwen/Qwen2.5-VL-7B-Instruct",
      model_name_sanitized: "Qwen__Qwen2.5-VL-7B-Instruct",
      versions: { ai2d: "Yaml", mme: "Yaml" },
      "n-samples": { mme: { original: 16, effective: 16 }, ai2d: { original: 12, effective: 12 } },
      group_subtasks: { ai2d: [], mme: [] },
      config: { model_args: "model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=[REDACTED]", batch_size: 1, model_backend: "lmms_eval.models.chat.openai.OpenAICompatible (chat)" },
      usage: { by_task: { _unknown: { n_api_calls: 28 } }, budget_exceeded: false },
    });
    expect(typeof results.total_evaluation_time_seconds).toBe("string");
    expect(results.results.mme["mme_cognition_score_stderr,none"]).toBe("N/A");
    expect(Object.keys(results.efficiency.by_task)).toEqual(["mme", "ai2d"]);
    // The console run line is printed without redaction (§model-args).
    expect(run.stdout).toContain("openai (model=Qwen/Qwen2.5-VL-7B-Instruct,base_url=http://127.0.0.1:8000/v1,api_key=EMPTY), gen_kwargs: ()");

    const mme = readSamples(path.join(outputDir, `Qwen__Qwen2.5-VL-7B-Instruct/${stamp}_samples_mme.jsonl`));
    expect(mme).toHaveLength(16);
    for (const sample of mme) {
      const metric = Object.keys(sample).find((key) => key.startsWith("mme_"))!;
      expectSampleKeyOrder(sample, [metric]);
      expect(sample.doc_hash).toBe(DOC_HASH);
      expect(sample.input_media).toEqual([sample[metric].question_id]);
      expect(Object.keys(sample[metric])).toEqual(["question_id", "category", "score"]);
      expect(sample.token_counts).toEqual([{ input_tokens: expect.any(Number), output_tokens: expect.any(Number), reasoning_tokens: 0 }]);
    }
    const ai2d = readSamples(path.join(outputDir, `Qwen__Qwen2.5-VL-7B-Instruct/${stamp}_samples_ai2d.jsonl`));
    ai2d.forEach((sample) => expectSampleKeyOrder(sample, ["exact_match"]));
    expect(ai2d.every((sample) => typeof sample.filtered_resps === "string" && [0, 1].includes(sample.exact_match))).toBe(true);
    // doc 2 answered "<think>…</think>C": the regex filter kept it, reasoning stripping did not (§samples-jsonl, `resps`).
    expect(ai2d[2]).toMatchObject({ resps: "<think>stand-in reasoning</think>C", filtered_resps: "C", exact_match: 1 });
    expect(ai2d[0].exact_match).toBe(0);
    expect(results.results.ai2d["exact_match,flexible-extract"]).toBeCloseTo(ai2d.filter((s) => s.exact_match === 1).length / 12);

    const stdout = stripAnsi(run.stdout);
    for (const marker of ["Selected Tasks: ['ai2d', 'mme']", "Building contexts for mme on rank 0...", "Running generate_until requests", "Metric summary - ", "Token Usage - ", "Saving results aggregated"]) {
      expect(stdout).toContain(marker);
    }
    expect(stdout).toMatch(/\|Tasks\|\s+Filter\s+\|n-shot\|/);
  });

  it("reproduces fixture B with the dummy model and an --include_path task: no model sub-directory, same keys, same samples", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(
      ["eval", "--model", "dummy", "--model_args", "response=A", "--include_path", path.join(FIXTURE_B_DIR, "my_tasks"), "--tasks", "toy_qa", "--batch_size", "1", "--log_samples", "--output_path", outputDir],
      outputDir,
    );
    expect(run.exitCode).toBe(0);
    expect(judge(run).status).toBe("succeeded");
    const files = filesIn(outputDir);
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^\d{8}_\d{6}_samples_toy_qa\.jsonl$/);
    expect(run.stderr).not.toContain("Model Responding");

    const results = readJson(run.resultsFiles[0]);
    const fixture = readJson(FIXTURE_B_RESULTS);
    expect(Object.keys(results)).toEqual(Object.keys(fixture));
    expect(results.results).toEqual({ toy_qa: Object.fromEntries(Object.entries(fixture.results.toy_qa).filter(([key]) => key !== "samples")) });
    expect(results.configs.toy_qa).toEqual({ ...fixture.configs.toy_qa, dataset_kwargs: { data_files: { test: path.join(FIXTURE_B_DIR, "my_tasks/toy_qa/toy_qa.jsonl") } } });
    expect(results).toMatchObject({ usage: {}, model_name: "", model_name_sanitized: "", versions: { toy_qa: 0.1 }, efficiency: fixture.efficiency, task_hashes: fixture.task_hashes });
    expect(results.config.batch_size).toBe("1");
    expect(readFileSync(path.join(outputDir, files[1]), "utf8")).toBe(readFileSync(path.join(FIXTURE_B_DIR, "logs/offline_smoke/20260806_113012_samples_toy_qa.jsonl"), "utf8"));
  });

  it("aggregates a group with aggregate_metric_list into results and a groups block", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["--model", "standin", "--model_args", "pretrained=org/tiny", "--tasks", "scienceqa_full", "--output_path", outputDir], outputDir);
    expect(run.exitCode).toBe(0);
    const results = readJson(run.resultsFiles[0]);
    expect(Object.keys(results).slice(0, 3)).toEqual(["results", "groups", "group_subtasks"]);
    expect(Object.keys(results.results)).toEqual(["scienceqa_full", "scienceqa", "scienceqa_img"]);
    expect(results.results.scienceqa.alias).toBe(" - scienceqa");
    expect(results.groups.scienceqa_full).toEqual(results.results.scienceqa_full);
    // prepare_print_tasks pops `samples` from groups too; the weighting below still used the sizes (10 + 6).
    expect(Object.keys(results.groups.scienceqa_full)).toEqual(["exact_match,none", "exact_match_stderr,none", "alias"]);
    const weighted = (results.results.scienceqa["exact_match,none"] * 10 + results.results.scienceqa_img["exact_match,none"] * 6) / 16;
    expect(results.groups.scienceqa_full["exact_match,none"]).toBeCloseTo(weighted);
    expect(results.group_subtasks).toEqual({ scienceqa_full: ["scienceqa", "scienceqa_img"] });
    expect(results.task_hashes).toEqual({});
    expect("efficiency" in results).toBe(false);
  });

  it("shows a group without aggregation as a placeholder and writes no groups block", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "dummy", "--tasks", "standin_smoke", "--output_path", outputDir, "--limit", "0.5"], outputDir);
    const results = readJson(run.resultsFiles[0]);
    expect("groups" in results).toBe(false);
    expect(results.results.standin_smoke).toEqual({ " ": " ", alias: "standin_smoke" });
    // A fractional --limit becomes the first loaded task's count for every task (§flags, `--limit`).
    expect(results["n-samples"]).toEqual({ textvqa_val: { original: 8, effective: 4 }, ai2d: { original: 12, effective: 4 } });
  });

  it("honours an integer --limit and expands fnmatch globs and tags", async () => {
    const run = await runStandin(["eval", "--model", "dummy", "--tasks", "textvqa_*,standin_mcq", "--limit", "3", "--output_path", makeOutputDir()], null);
    expect(stripAnsi(run.stdout)).toContain("Selected Tasks: ['standin_mcq', 'textvqa_test', 'textvqa_val']");
    expect(stripAnsi(run.stdout)).toContain("--limit SHOULD ONLY BE USED FOR TESTING");
    expect((run.stderr.match(/Postprocessing: 100%\|██████████\| 3\/3/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});

describe("lmms-eval stand-in: failure scenarios", () => {
  it("scenario=eval_error: traceback on stderr, ERROR on stdout, exit 0, no files (§exit-codes)", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "standin", "--model_args", "scenario=eval_error", "--tasks", "ai2d", "--log_samples", "--output_path", outputDir], outputDir);
    expect(run.exitCode).toBe(0);
    expect(filesIn(outputDir)).toEqual([]);
    expect(stripAnsi(run.stdout)).toMatch(/\| ERROR    \| lmms_eval\.__main__:cli_evaluate:\d+ - Error during evaluation: stand-in scenario=eval_error/);
    expect(run.tracker.evidence().lastTraceback).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nlmms_eval\.models\.ScenarioError: stand-in scenario=eval_error: the model backend failed while generating$/);
    expect(judge(run)).toEqual({ status: "failed", reason: "Error during evaluation: stand-in scenario=eval_error: the model backend failed while generating" });
  });

  it("an unknown task name is caught like lmms-eval does: exit 0 and no results", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "dummy", "--tasks", "nope,ai2d", "--output_path", outputDir], outputDir);
    expect(run.exitCode).toBe(0);
    expect(filesIn(outputDir)).toEqual([]);
    expect(stripAnsi(run.stdout)).toContain(`Tasks were not found: nope\n${" ".repeat(47)}Try \`lmms-eval --tasks list\` for list of available tasks`);
    expect(judge(run).reason).toMatch(/^Error during evaluation: Tasks not found: nope\. /);
  });

  it("scenario=crash: uncaught exception, exit 1", async () => {
    const run = await runStandin(["eval", "--model", "standin", "--model_args", "scenario=crash", "--tasks", "ai2d"], null);
    expect(run.exitCode).toBe(1);
    expect(judge(run)).toEqual({ status: "failed", reason: "lmms-eval exited with code 1: RuntimeError: stand-in scenario=crash: Accelerator initialisation failed" });
  });

  it("scenario=no_results: normal logs and table, exit 0, nothing written", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "dummy", "--model_args", "scenario=no_results", "--tasks", "ai2d", "--log_samples", "--output_path", outputDir], outputDir);
    expect(run.exitCode).toBe(0);
    expect(filesIn(outputDir)).toEqual([]);
    expect(stripAnsi(run.stdout)).toContain("Selected Tasks: ['ai2d']");
    expect(run.stdout).toContain("|ai2d |flexible-extract|");
    expect(judge(run)).toEqual({ status: "failed", reason: "lmms-eval exited 0 but wrote no results file" });
  });

  it("an unknown flag is an argparse error, exit 2", async () => {
    const run = await runStandin(["eval", "--model", "dummy", "--tasks", "ai2d", "--bogus", "1"], null);
    expect(run.exitCode).toBe(2);
    expect(judge(run).reason).toBe("lmms-eval exited with code 2: __main__.py: error: unrecognized arguments: --bogus 1");
  });

  it("a missing install gives the install / LMMS_EVAL_CMD hint", async () => {
    const run = await runStandin(["eval", "--model", "dummy"], null, { pythonPath: "" });
    expect(run.exitCode).toBe(1);
    expect(judge(run).reason).toMatch(/No module named lmms_eval\. .*LMMS_EVAL_CMD/);
  });

  it("delay + SIGINT to the process group: KeyboardInterrupt, killed by SIGINT, no files (§signals)", async () => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "standin", "--model_args", "delay=0.1", "--tasks", "ai2d", "--log_samples", "--output_path", outputDir], outputDir, {
      interrupt: { signal: "SIGINT", when: (progress) => progress.phase === "inference" && (progress.n ?? 0) >= 2 },
    });
    expect(run.signal).toBe("SIGINT");
    expect(run.exitCode).toBeNull();
    expect(filesIn(outputDir)).toEqual([]);
    expect(run.tracker.evidence().lastTraceback).toMatch(/\nKeyboardInterrupt$/);
    expect(run.tracker.snapshot().percent).toBeLessThan(90);
    expect(judge(run, true)).toEqual({ status: "cancelled", reason: "Cancelled by user" });
    expect(judge(run, false)).toEqual({ status: "failed", reason: "lmms-eval was terminated by SIGINT: KeyboardInterrupt" });
  });

  it("scenario=long_progress: more than 100 KiB of tqdm frames before a newline", async () => {
    const run = await runStandin(["eval", "--model", "standin", "--model_args", "scenario=long_progress", "--tasks", "ai2d"], null);
    expect(run.exitCode).toBe(0);
    const longest = Math.max(...run.stderr.split("\n").map((line) => line.length));
    expect(longest).toBeGreaterThan(100 * 1024);
    expect(run.snapshots.some((s) => s.phase === "inference" && s.n === 12 && s.total === 12)).toBe(true);
  });
});

describe("lmms-eval stand-in: listing subcommands", () => {
  it("tasks list prints a count, a blank line and sorted two-space-indented names", async () => {
    const run = await runStandin(["tasks", "list"], null);
    const lines = run.stdout.trimEnd().split("\n");
    const names = lines.slice(2).map((line) => line.slice(2));
    expect(lines[0]).toBe(`Available tasks (${names.length}):`);
    expect(lines[1]).toBe("");
    expect(lines.slice(2).every((line) => /^  \S+$/.test(line))).toBe(true);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["mme", "ai2d", "scienceqa_full", "standin_smoke", "standin_ocr", "textvqa_val"]));
  });

  it("lists exactly the names declared by its task YAMLs (tasks, groups, tags; `include:` resolved)", async () => {
    const tasksDir = path.join(STANDIN_PYTHONPATH, "lmms_eval/tasks");
    const functionTag = { tag: "!function", resolve: (source: string) => ({ function: source }) };
    const load = (file: string): Json => {
      const doc: Json = parseYaml(readFileSync(file, "utf8"), { customTags: [functionTag] });
      return doc.include ? { ...load(path.join(path.dirname(file), doc.include)), ...doc } : doc;
    };
    const names = new Set<string>();
    for (const file of readdirSync(tasksDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"))) {
      const doc = load(path.join(tasksDir, file));
      if (Array.isArray(doc.task)) names.add(doc.group);
      else {
        names.add(doc.task);
        for (const tag of [doc.tag ?? []].flat()) names.add(tag);
      }
    }
    const run = await runStandin(["tasks", "list"], null);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("  ")).map((line) => line.trim())).toEqual([...names].sort());
  });

  it("models prints the fixed-width table with chat-only models first", async () => {
    const run = await runStandin(["models"], null);
    const lines = run.stdout.split("\n");
    expect(lines[1]).toMatch(/^Registered Models \(\d+ total\)$/);
    expect(lines[3]).toBe("Name".padEnd(28) + "Type".padEnd(14));
    expect(lines[4]).toBe("-".repeat(42));
    const kinds = lines.slice(5).filter((line) => line.length === 42 && !line.startsWith("-")).map((line) => line.slice(28).trim());
    expect(kinds).toEqual([...kinds].sort((a, b) => ["chat", "chat+simple", "simple"].indexOf(a) - ["chat", "chat+simple", "simple"].indexOf(b)));
    expect(run.stdout).toMatch(/  chat-only: \d+  \|  chat\+simple: \d+  \|  simple-only: \d+/);
  });

  it("version prints the imitated version", async () => {
    const run = await runStandin(["version"], null);
    expect(run.stdout.split("\n")[0]).toBe("lmms-eval 0.7.3");
  });
});
