import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, MIGRATIONS_FOLDER, openDatabase, type DB } from "../../db/client";
import { runs } from "../../db/schema";
import { getConfig } from "../../lib/config";
import { mulberry32 } from "../../lib/stats/random";
import { locateResultFiles } from "../../lib/lmms-eval/ingest";
import { ingestRunFiles } from "../../lib/services/results/ingest-run-files";
import { buildSearchIndex } from "../../lib/services/results/search-index";

/**
 * The database every benchmark measures on: what a team has after months of use, not an empty file. Runs with
 * samples go through the app's own ingest and search-index build (so their rows and index are exactly what the app
 * writes), beside a long board history of metric-only runs (runs imported without their samples files):
 *
 * - 500 model versions of 25 models, each with a run scoring 200 benchmarks (100k metric rows: the board);
 * - ≥ 100 runs with samples (1M samples by default, `--samples 10000000` for 10M), their tasks drawn from real
 *   lmms-eval task names and sizes — mostly 1k–20k samples, and a few 30k–215k ones (`vqav2_val`): the first run
 *   holds the largest task, the second a typical 5k one;
 * - sample text shaped like lmms-eval's: a question of Zipf-distributed words, the task's fixed instruction (so a
 *   word like "answer" is in nearly every sample of a task), an id-like word unique to each sample (a rare word),
 *   short answers or, for caption tasks, sentences.
 *
 * Built once and kept in DATA_DIR/bench (never committed), keyed by the sample count and a fingerprint of the
 * migrations (bump GENERATOR_VERSION when the generated data changes). Building 1M samples takes about two minutes
 * on 2 cores, 10M about 40 minutes.
 */

export type RealisticDb = {
  file: string;
  /** Ids a benchmark needs, recorded when the database was built. */
  info: RealisticInfo;
};

export type RealisticInfo = {
  samples: number;
  sampleRuns: number;
  adminId: number;
  /** The run holding the largest task, and that task. */
  largeRun: { runId: number; task: string; samples: number };
  /** A run with a typical 5k-sample task. */
  typicalRun: { runId: number; task: string; samples: number };
  /** A word in nearly every sample of every task, and a word found in exactly one sample of each run above. */
  words: { common: string; commonPair: string; rareInLarge: string; rareInTypical: string; absent: string };
  /** A model with many versions and runs (its page reads all of them). */
  busyModelId: number;
  buildSeconds: number;
};

/** Bump when the generated data changes shape (the fingerprint covers the code that stores it). */
const GENERATOR_VERSION = 1;
const BOARD_VERSIONS = 500;
const BOARD_BENCHMARKS = 200;
const MODELS = 25;

/** Real lmms-eval task names with their sample counts, output style and fixed instruction. */
const TASKS: Array<{ name: string; size: number; kind: "choice" | "short" | "caption" | "mme" }> = [
  { name: "vqav2_val", size: 214_354, kind: "short" },
  { name: "coco2014_cap_val", size: 40_504, kind: "caption" },
  { name: "flickr30k_test", size: 31_784, kind: "caption" },
  { name: "seedbench", size: 17_990, kind: "choice" },
  { name: "gqa", size: 12_578, kind: "short" },
  { name: "pope", size: 9_000, kind: "short" },
  { name: "docvqa_val", size: 5_349, kind: "short" },
  { name: "ok_vqa_val2014", size: 5_046, kind: "short" },
  { name: "textvqa_val", size: 5_000, kind: "short" },
  { name: "coco2017_cap_val", size: 5_000, kind: "caption" },
  { name: "nocaps_val", size: 4_500, kind: "caption" },
  { name: "mmbench_en_dev", size: 4_329, kind: "choice" },
  { name: "vizwiz_vqa_val", size: 4_319, kind: "short" },
  { name: "scienceqa_full", size: 4_241, kind: "choice" },
  { name: "ai2d", size: 3_088, kind: "choice" },
  { name: "infovqa_val", size: 2_801, kind: "short" },
  { name: "chartqa", size: 2_500, kind: "short" },
  { name: "mme", size: 2_374, kind: "mme" },
  { name: "scienceqa_img", size: 2_017, kind: "choice" },
  { name: "mmstar", size: 1_500, kind: "choice" },
  { name: "mathvista_testmini", size: 1_000, kind: "short" },
  { name: "ocrbench", size: 1_000, kind: "short" },
  { name: "hallusion_bench_image", size: 951, kind: "short" },
  { name: "mmmu_val", size: 900, kind: "choice" },
  { name: "realworldqa", size: 765, kind: "choice" },
];
const INSTRUCTIONS: Record<(typeof TASKS)[number]["kind"], string> = {
  choice: "Answer with the option's letter from the given choices directly.",
  short: "Answer the question using a single word or phrase.",
  caption: "Provide a one-sentence caption for the provided image.",
  mme: "Answer the question using a single word or phrase.",
};
const MME_CATEGORIES = ["existence", "count", "position", "color", "posters", "celebrity", "scene", "landmark", "artwork", "OCR", "code_reasoning", "numerical_calculation", "text_translation", "commonsense_reasoning"];

/** Words of VQA questions and captions, most frequent first (their draw is Zipf-distributed). */
const VOCABULARY = (
  "the a of is in what on this image picture there are how many color which to and with shown does man woman people " +
  "left right person table sign number red blue white black green yellow brown large small two three one four five " +
  "wearing holding sitting standing near behind front top bottom side background building street car bus train plane " +
  "dog cat horse bird animal food plate cup bottle glass chair bench tree grass water sky cloud window door wall floor " +
  "shirt hat glasses bag phone computer screen book paper text written word letter title name brand logo year date " +
  "chart graph bar line value highest lowest average total percent difference between increase decrease trend data " +
  "table row column figure diagram label arrow stage cycle process part structure function energy light heat force " +
  "object shape circle square triangle angle length area volume distance speed time clock price cost dollar map city " +
  "country state river mountain road bridge field park beach ocean snow rain sun moon night day morning evening game " +
  "ball player team field court racket bat kite surfboard skateboard umbrella pizza sandwich cake banana apple orange " +
  "broccoli carrot hot dog donut bowl spoon fork knife oven refrigerator sink toilet bed couch tv laptop mouse keyboard " +
  "remote vase scissors teddy bear clock toothbrush hair drier boat truck motorcycle bicycle traffic light fire hydrant " +
  "stop parking meter elephant zebra giraffe cow sheep frog egg tadpole plant leaf flower root stem seed soil oxygen " +
  "carbon dioxide food web producer consumer predator prey population ecosystem volcano earthquake rock layer fossil"
).split(" ");
const CAPTION_WORDS = "a an the of in on with at by and is are sitting standing next to near group people man woman child dog cat table street field water building".split(" ");

/** A change of schema — including the search index's layout, which always comes with a migration — rebuilds it. */
function fingerprint(samples: number): string {
  const hash = createHash("sha1").update(`v${GENERATOR_VERSION}|${samples}`);
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER).sort()) if (file.endsWith(".sql")) hash.update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  return hash.digest("hex").slice(0, 12);
}

/** Which tasks each sample run holds: the first run the largest task, the second a typical one, then a shuffled mix. */
function planRuns(totalSamples: number, random: () => number): Array<Array<(typeof TASKS)[number]>> {
  const sampleRuns = Math.max(100, Math.round(totalSamples / 65_000));
  const plans: Array<Array<(typeof TASKS)[number]>> = [[TASKS[0]], [TASKS.find((t) => t.name === "textvqa_val")!]];
  let remaining = totalSamples - TASKS[0].size - 5_000;
  // Big tasks only where the runs are big enough to hold them without crowding out the typical ones.
  const pool = TASKS.filter((t) => t.size <= Math.max(20_000, totalSamples / sampleRuns));
  for (let r = plans.length; r < sampleRuns; r++) {
    const budget = remaining / (sampleRuns - r);
    const plan: Array<(typeof TASKS)[number]> = [];
    let size = 0;
    for (let attempts = 0; attempts < 200 && size < budget; attempts++) {
      const task = pool[Math.floor(random() * pool.length)];
      if (plan.includes(task) || size + task.size > budget * 1.6) continue;
      plan.push(task);
      size += task.size;
    }
    if (!plan.length) plan.push(pool[pool.length - 1]);
    plans.push(plan);
    remaining -= size;
  }
  return plans;
}

type Writer = { line: (text: string) => void; close: () => void };
function writer(file: string): Writer {
  const fd = fs.openSync(file, "w");
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    fs.writeSync(fd, buffer.join(""));
    buffer = [];
    size = 0;
  };
  return {
    line: (text) => {
      buffer.push(text, "\n");
      size += text.length;
      if (size > 4 * 1024 * 1024) flush();
    },
    close: () => {
      flush();
      fs.closeSync(fd);
    },
  };
}

/** One run's lmms-eval output folder: a results JSON and a samples JSONL per task. */
function writeRunFiles(dir: string, runIndex: number, plan: Array<(typeof TASKS)[number]>, random: () => number, sampleCounter: { n: number }): { rareWord: string } {
  const stamp = "20260101_000000";
  const zipf = () => VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(Math.pow(random(), 2.2) * VOCABULARY.length))];
  const results: Record<string, Record<string, unknown>> = { results: {}, group_subtasks: {}, configs: {}, versions: {}, "n-shot": {}, higher_is_better: {}, "n-samples": {} };
  let rareWord = "";
  for (const task of plan) {
    const out = writer(path.join(dir, `${stamp}_samples_${task.name}.jsonl`));
    const metric = task.kind === "caption" ? "CIDEr" : task.kind === "mme" ? "mme_perception_score" : "exact_match";
    let correct = 0;
    for (let doc = 0; doc < task.size; doc++) {
      const id = (sampleCounter.n++).toString(36);
      // An id-like word only this sample has: the rare word of a search.
      const rare = `q${id}x`;
      if (doc === Math.floor(task.size / 2)) rareWord = rare;
      const words: string[] = [];
      for (let w = 8 + Math.floor(random() * 18); w > 0; w--) words.push(zipf());
      const question = `${words.join(" ")} (${rare})?`;
      const ok = random() < 0.45 + 0.4 * random();
      if (ok) correct++;
      let target: string;
      let response: string;
      let scoreField: string;
      let input: string;
      if (task.kind === "choice") {
        const options = ["A", "B", "C", "D"].map((letter) => `${letter}. ${zipf()} ${zipf()}`).join("\n");
        target = "ABCD"[Math.floor(random() * 4)];
        response = ok ? target : "ABCD"[(target.charCodeAt(0) - 64) % 4];
        input = `${question}\n${options}\n${INSTRUCTIONS.choice}`;
        scoreField = `"exact_match": ${ok ? "1.0" : "0.0"}`;
      } else if (task.kind === "caption") {
        const sentence = () => Array.from({ length: 10 + Math.floor(random() * 14) }, () => (random() < 0.5 ? CAPTION_WORDS[Math.floor(random() * CAPTION_WORDS.length)] : zipf())).join(" ");
        target = sentence();
        response = sentence();
        input = `${INSTRUCTIONS.caption} (${rare})`;
        scoreField = `"CIDEr": ${(random() * 1.6).toFixed(4)}`;
      } else if (task.kind === "mme") {
        target = random() < 0.5 ? "Yes" : "No";
        response = ok ? target : target === "Yes" ? "No" : "Yes";
        input = `${question}\n${INSTRUCTIONS.mme}`;
        const category = MME_CATEGORIES[doc % MME_CATEGORIES.length];
        scoreField = `"mme_perception_score": {"question_id": "${category}/${doc}.png", "category": "${category}", "score": ${ok ? "1.0" : "0.0"}}`;
      } else {
        target = zipf();
        response = ok ? target : zipf();
        input = `${question}\n${INSTRUCTIONS.short}`;
        scoreField = `"exact_match": ${ok ? "1.0" : "0.0"}`;
      }
      out.line(
        `{"doc_id": ${doc}, "target": ${JSON.stringify(target)}, "resps": [[${JSON.stringify(response + "\n")}]], "filtered_resps": [${JSON.stringify(response)}], ` +
          `"token_counts": [{"input_tokens": ${300 + Math.floor(random() * 1500)}, "output_tokens": ${Math.max(1, Math.ceil(response.length / 4))}, "reasoning_tokens": 0}], ` +
          `"doc_hash": "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b", ${scoreField}, "input": ${JSON.stringify(input)}}`,
      );
    }
    out.close();
    const p = correct / task.size;
    const value = task.kind === "mme" ? p * 2000 : task.kind === "caption" ? 0.8 + random() * 0.4 : p;
    results.results[task.name] = { alias: task.name, [`${metric},none`]: value, samples: task.size, [`${metric}_stderr,none`]: "N/A", [`${metric}_stderr_clt,none`]: Math.sqrt((p * (1 - p)) / task.size) };
    results.group_subtasks[task.name] = [];
    results.configs[task.name] = taskConfig(task.name, task.kind);
    results.versions[task.name] = 0;
    results["n-shot"][task.name] = 0;
    results.higher_is_better[task.name] = { [metric]: true };
    results["n-samples"][task.name] = { original: task.size, effective: task.size };
  }
  const document = {
    ...results,
    config: { model: "openai", model_args: `model=bench-model-${runIndex % MODELS},base_url=http://localhost:8000/v1`, batch_size: "1", batch_sizes: [] },
    git_hash: "v0.7-3-g75571cfe",
    lmms_eval_version: "0.7.3",
    date: stamp,
    model_source: "openai",
    model_name: `bench-model-${runIndex % MODELS}`,
    total_evaluation_time_seconds: String(600 + Math.floor(random() * 6000)),
  };
  fs.writeFileSync(path.join(dir, `${stamp}_results.json`), JSON.stringify(document, null, 2));
  return { rareWord };
}

/** A task's config block as lmms-eval writes it into the results file (most of a real results file's size). */
function taskConfig(task: string, kind: string): Record<string, unknown> {
  return {
    task,
    tag: ["public_eval"],
    dataset_path: `lmms-lab/${task}`,
    dataset_kwargs: { token: true },
    test_split: "validation",
    full_docs: false,
    doc_to_visual: `<function ${task}_doc_to_visual at 0x7f2b5c1e3d80>`,
    doc_to_text: `<function ${task}_doc_to_text at 0x7f2b5c1e3ce0>`,
    doc_to_target: "answer",
    description: "",
    target_delimiter: " ",
    fewshot_delimiter: "\n\n",
    num_fewshot: 0,
    metric_list: [{ metric: kind === "caption" ? "CIDEr" : "exact_match", aggregation: "mean", higher_is_better: true, ignore_case: true, ignore_punctuation: true }],
    output_type: "generate_until",
    generation_kwargs: { max_new_tokens: kind === "caption" ? 64 : 16, temperature: 0, do_sample: false, until: ["\n\n"] },
    repeats: 1,
    filter_list: [{ name: "none", filter: [{ function: "take_first" }] }],
    should_decontaminate: false,
    metadata: [{ version: 0 }],
    lmms_eval_specific_kwargs: {
      default: { pre_prompt: "", post_prompt: `\n${INSTRUCTIONS[kind as keyof typeof INSTRUCTIONS]}` },
      qwen_vl: { pre_prompt: "", post_prompt: " Answer:" },
    },
  };
}

async function build(file: string, totalSamples: number): Promise<RealisticInfo> {
  const started = performance.now();
  const random = mulberry32(20261207);
  const db = openDatabase(file);
  applyMigrations(db);
  const c = db.$client;
  const adminId = (c.prepare("insert into users (email, name, role, password_hash) values ('bench-admin@example.org', 'bench admin', 'admin', 'x') returning id").get() as { id: number }).id;
  for (let u = 0; u < 8; u++) c.prepare("insert into users (email, name, role, password_hash) values (?, ?, 'member', 'x')").run(`member${u}@example.org`, `member ${u}`);

  // Models and versions; version v belongs to model v % MODELS, so model 1 has BOARD_VERSIONS / MODELS versions.
  const modelIds: number[] = [];
  c.transaction(() => {
    for (let m = 0; m < MODELS; m++) modelIds.push((c.prepare("insert into models (name, created_by_id) values (?, ?) returning id").get(`bench-model-${m}`, adminId) as { id: number }).id);
  })();
  const versionIds: number[] = [];
  const versionOfModel = new Map<number, number[]>();
  c.transaction(() => {
    for (let v = 0; v < BOARD_VERSIONS; v++) {
      const model = v % MODELS;
      const id = (
        c
          .prepare("insert into model_versions (model_id, label, backend, model_args, created_by_id, created_at) values (?, ?, 'openai', ?, ?, ?) returning id")
          .get(modelIds[model], `step-${Math.floor(v / MODELS) * 1000}`, `model=bench-model-${model},revision=step-${Math.floor(v / MODELS) * 1000}`, adminId, Date.UTC(2026, 0, 1) + v * 3_600_000) as { id: number }
      ).id;
      versionIds.push(id);
      versionOfModel.set(model, [...(versionOfModel.get(model) ?? []), id]);
    }
  })();

  // The board's history: one metric-only run per version, each scoring the same 200 benchmarks.
  const insertRun = c.prepare(
    "insert into runs (status, source, model, model_args, tasks, params, created_by_id, model_version_id, created_at, started_at, finished_at, lmms_eval_version) values ('succeeded', 'imported', 'openai', ?, ?, '{}', ?, ?, ?, ?, ?, '0.7.3') returning id",
  );
  const insertIngest = c.prepare("insert into ingests (run_id, status, content_hash, started_at, committed_at, search_indexed) values (?, 'committed', ?, ?, ?, 1) returning id");
  const insertResult = c.prepare(
    "insert into run_results (run_id, ingest_id, content_hash, results_file, raw_json, sample_count, request_failed_count, budget_exceeded_count, lmms_eval_version, model_source, model_name, evaluated_at) values (?, ?, ?, 'results.json', '{}', 0, 0, 0, '0.7.3', 'openai', ?, ?)",
  );
  const insertMetric = c.prepare("insert into run_metrics (run_id, task, metric, filter, value, stderr_clt, n, higher_is_better, is_group, task_version) values (?, ?, 'exact_match', 'none', ?, ?, 1000, 1, 0, '0')");
  const insertTask = c.prepare("insert into run_tasks (run_id, task, is_group, subtasks, version, sample_count) values (?, ?, 0, '[]', '0', 0)");
  const benchmarks = Array.from({ length: BOARD_BENCHMARKS }, (_, b) => `board_bench_${String(b).padStart(3, "0")}`);
  c.transaction(() => {
    versionIds.forEach((versionId, v) => {
      const at = Date.UTC(2026, 0, 2) + v * 3_600_000;
      const runId = (insertRun.get(`model=bench-model-${v % MODELS}`, JSON.stringify(benchmarks), adminId, versionId, at, at, at + 600_000) as { id: number }).id;
      const ingestId = (insertIngest.get(runId, `board-${runId}`, at, at) as { id: number }).id;
      insertResult.run(runId, ingestId, `board-${runId}`, `bench-model-${v % MODELS}`, at);
      for (const task of benchmarks) {
        const value = 0.3 + 0.4 * random();
        insertMetric.run(runId, task, value, Math.sqrt((value * (1 - value)) / 999));
        insertTask.run(runId, task);
      }
    });
  })();

  // Runs with samples, through the app's ingest and index build.
  const plans = planRuns(totalSamples, random);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-realistic-"));
  const sampleCounter = { n: 0 };
  let largeRun: RealisticInfo["largeRun"] | null = null;
  let typicalRun: RealisticInfo["typicalRun"] | null = null;
  let rareInLarge = "";
  let rareInTypical = "";
  try {
    for (const [r, plan] of plans.entries()) {
      const dir = path.join(work, `run-${r}`);
      fs.mkdirSync(dir);
      const { rareWord } = writeRunFiles(dir, r, plan, random, sampleCounter);
      const model = r % MODELS;
      const versions = versionOfModel.get(model)!;
      const at = new Date(Date.UTC(2026, 2, 1) + r * 7_200_000);
      const run = db
        .insert(runs)
        .values({ status: "succeeded", source: "imported", model: "openai", modelArgs: `model=bench-model-${model},base_url=http://localhost:8000/v1`, tasks: plan.map((t) => t.name), params: {}, createdById: adminId, modelVersionId: versions[Math.floor(r / MODELS) % versions.length], createdAt: at, startedAt: at, finishedAt: at })
        .returning({ id: runs.id })
        .get();
      const [files] = await locateResultFiles(dir);
      const outcome = await ingestRunFiles(db, { runId: run.id, files });
      await buildSearchIndex(db, outcome.ingestId);
      fs.rmSync(dir, { recursive: true, force: true });
      if (r === 0) [largeRun, rareInLarge] = [{ runId: run.id, task: plan[0].name, samples: plan[0].size }, rareWord];
      if (r === 1) [typicalRun, rareInTypical] = [{ runId: run.id, task: plan[0].name, samples: plan[0].size }, rareWord];
      if (r % 10 === 9) console.log(`[realistic-db] ${r + 1}/${plans.length} sample runs, ${sampleCounter.n.toLocaleString("en")} samples, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  c.pragma("wal_checkpoint(TRUNCATE)");
  c.exec("analyze");
  db.$client.close();
  return {
    samples: sampleCounter.n,
    sampleRuns: plans.length,
    adminId,
    largeRun: largeRun!,
    typicalRun: typicalRun!,
    words: { common: "answer", commonPair: "answer question", rareInLarge, rareInTypical, absent: "xylophonequartz" },
    busyModelId: modelIds[0],
    buildSeconds: (performance.now() - started) / 1000,
  };
}

/** The cached realistic database for this sample count, built first when missing or stale. */
export async function realisticDb({ samples = 1_000_000 }: { samples?: number } = {}): Promise<RealisticDb> {
  const folder = path.join(getConfig().dataDir, "bench");
  fs.mkdirSync(folder, { recursive: true });
  const key = fingerprint(samples);
  const file = path.join(folder, `realistic-${samples}-${key}.db`);
  const infoFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(infoFile)) return { file, info: JSON.parse(fs.readFileSync(infoFile, "utf8")) as RealisticInfo };
  // Stale databases of the same size (older code or migrations) are removed: each can take gigabytes.
  for (const old of fs.readdirSync(folder)) if (old.startsWith(`realistic-${samples}-`)) fs.rmSync(path.join(folder, old), { force: true });
  console.log(`[realistic-db] building ${samples.toLocaleString("en")} samples into ${file} (once; later runs reuse it)`);
  const building = `${file}.building`;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(building + suffix, { force: true });
  const info = await build(building, samples);
  fs.renameSync(building, file);
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2));
  console.log(`[realistic-db] built in ${info.buildSeconds.toFixed(0)} s`);
  return { file, info };
}

/**
 * One lmms-eval output folder of `size` samples of a task shaped like `vqav2_val`, for a benchmark that imports a run
 * (the files an import reads), as the realistic database's runs were written.
 */
export function writeRunFolder(dir: string, size: number, seed = 1): void {
  writeRunFiles(dir, 0, [{ ...TASKS[0], size }], mulberry32(seed), { n: 10_000_000_000 + seed * 1_000_000 });
}

/** A private copy for benchmarks that write (new results, a server's sessions), so the cached file stays as built. */
export function copyOf(source: string, into: string): string {
  const target = path.join(into, path.basename(source));
  fs.copyFileSync(source, target);
  return target;
}

/** Opens a realistic database (the cached file, or a copy) with the app's settings. */
export function openRealistic(file: string): DB {
  return openDatabase(file);
}

/** `--samples 10000000` on a benchmark's command line. */
export function samplesArg(fallback = 1_000_000): number {
  const at = process.argv.indexOf("--samples");
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 10_000) throw new Error(`--samples must be an integer ≥ 10000 (got ${process.argv[at + 1]})`);
  return value;
}
