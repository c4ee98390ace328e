import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { IngestError } from "@/lib/lmms-eval/ingest/errors";
import { readSamples, type ParsedSample, type ReadSamplesOptions, type ReadSamplesSummary } from "@/lib/lmms-eval/ingest/parse-samples";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures");
const OPENAI_LOGS = path.join(FIXTURES, "lmms-eval/A_openai_mme_ai2d/logs/Qwen__Qwen2.5-VL-7B-Instruct");
const DUMMY_LOGS = path.join(FIXTURES, "lmms-eval/B_dummy_offline_toy/logs/offline_smoke");
const EDGE_LOGS = path.join(FIXTURES, "ingest-edge/grouped");

const scratch = mkdtempSync(path.join(tmpdir(), "parse-samples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function readAll(
  source: NodeJS.ReadableStream | string,
  opts: Partial<ReadSamplesOptions> = {},
): Promise<{ samples: ParsedSample[]; summary: ReadSamplesSummary }> {
  const generator = readSamples(source, { task: "t", fileName: typeof source === "string" ? source : "stream.jsonl", ...opts });
  const samples: ParsedSample[] = [];
  for (;;) {
    const step = await generator.next();
    if (step.done) return { samples, summary: step.value };
    samples.push(step.value);
  }
}

function linesStream(...chunks: Array<string | Buffer>): NodeJS.ReadableStream {
  return Readable.from(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)));
}

async function ingestErrorOf(source: NodeJS.ReadableStream, yieldedBeforeError: number[] = []): Promise<IngestError> {
  const docIds: number[] = [];
  try {
    for await (const sample of readSamples(source, { task: "t", fileName: "bad.jsonl" })) docIds.push(sample.docId);
  } catch (error) {
    expect(docIds).toEqual(yieldedBeforeError);
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error("expected an IngestError");
}

describe("readSamples on fixture A", () => {
  it("scores MME samples from their dict `score`, with the category", async () => {
    const { samples, summary } = await readAll(path.join(OPENAI_LOGS, "20260806_101502_samples_mme.jsonl"), { task: "mme" });
    expect(summary).toEqual({ sampleCount: 6, nonBinaryMetrics: [] });
    expect(samples.map((sample) => [sample.docId, sample.primaryScore, sample.correct])).toEqual([
      [0, 1, true],
      [1, 1, true],
      [2, 1, true],
      [3, 0, false],
      [4, 1, true],
      [5, 1, true],
    ]);
    const first = samples[0];
    expect(first).toMatchObject({
      task: "mme",
      target: "Yes",
      filteredResps: "Yes",
      resps: undefined,
      responseText: "Yes",
      primaryMetric: "mme_cognition_score",
      category: "code_reasoning",
      input: "Is a python code shown in the picture?\nAnswer the question using a single word or phrase.",
      inputMedia: ["code_reasoning/0020.png"],
      tokenCounts: [{ input_tokens: 1905, output_tokens: 1, reasoning_tokens: 0 }],
      inputTokens: 1905,
      outputTokens: 1,
      failure: null,
    });
    expect(first.scores).toEqual({ mme_cognition_score: { question_id: "code_reasoning/0020.png", category: "code_reasoning", score: 1.0 } });
    expect(JSON.parse(first.raw)).toMatchObject({ doc_id: 0, doc_hash: "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b" });
    expect(samples[2].resps).toBe("Yes\n");
    expect(samples[5].responseText).toBe("No.");
  });

  it("reads ai2d's exact_match and keeps the pre-strip resps when present", async () => {
    const { samples, summary } = await readAll(path.join(OPENAI_LOGS, "20260806_101502_samples_ai2d.jsonl"), { task: "ai2d", primaryMetric: "exact_match" });
    expect(summary).toEqual({ sampleCount: 5, nonBinaryMetrics: [] });
    expect(samples.map((sample) => sample.correct)).toEqual([true, true, true, false, true]);
    expect(samples[3]).toMatchObject({ target: "C", responseText: "D", primaryScore: 0, category: null, inputMedia: [] });
    expect(samples[4]).toMatchObject({ resps: "<think>Count: egg, larva, pupa, adult.</think>B", responseText: "B", outputTokens: 15 });
  });
});

describe("readSamples on fixture B", () => {
  it("leaves token totals null when every token_counts entry is null (dummy backend)", async () => {
    const { samples, summary } = await readAll(path.join(DUMMY_LOGS, "20260806_113012_samples_toy_qa.jsonl"), { task: "toy_qa" });
    expect(summary.sampleCount).toBe(6);
    expect(samples.map((sample) => sample.correct)).toEqual([true, false, true, false, true, false]);
    for (const sample of samples) expect(sample).toMatchObject({ tokenCounts: [null], inputTokens: null, outputTokens: null, primaryMetric: "exact_match" });
  });
});

describe("readSamples on hand-made edge cases", () => {
  it("handles dict scores, list responses, partial token counts, NaN scores and failure markers", async () => {
    const { samples, summary } = await readAll(path.join(EDGE_LOGS, "20260102_030405_samples_mmbench_en.jsonl"), { task: "mmbench_en" });
    expect(summary).toEqual({ sampleCount: 4, nonBinaryMetrics: [] });
    const [failed, listValued, overBudget, notANumber] = samples;
    expect(failed).toMatchObject({ docId: 0, failure: "request_failed", primaryScore: 0, correct: false, category: "ocr", inputTokens: null });
    expect(listValued).toMatchObject({
      docId: 1,
      filteredResps: [["(-0.5, True)"], ["(-2.5, False)"]],
      responseText: "(-0.5, True)\n(-2.5, False)",
      inputTokens: 15,
      outputTokens: 3,
      inputMedia: ["https://example.com/a.png"],
      correct: true,
      category: "counting",
      failure: null,
    });
    expect(overBudget).toMatchObject({ docId: 2, responseText: "[invalid]", failure: "budget_exceeded", inputTokens: null, outputTokens: null });
    expect(notANumber).toMatchObject({ docId: 3, primaryScore: null, correct: null, category: "ocr", input: "Is NaN a number? Answer Infinity." });
    expect((notANumber.scores.gpt_eval_score as { score: number }).score).toBeNaN();
  });

  it("strips the \\r of CRLF lines", async () => {
    const { samples } = await readAll(path.join(EDGE_LOGS, "20260102_030405_samples_toy_a.jsonl"));
    expect(samples.map((sample) => sample.raw.endsWith("}"))).toEqual([true, true]);
    expect(samples.map((sample) => sample.input)).toEqual(["q0", "q1"]);
  });

  it("reports metrics that are not 0/1 so their 0/1 values are not read as right/wrong", async () => {
    const { samples, summary } = await readAll(path.join(EDGE_LOGS, "20260102_030405_samples_toy_b.jsonl"));
    expect(summary).toEqual({ sampleCount: 2, nonBinaryMetrics: ["anls"] });
    expect(samples.map((sample) => [sample.primaryScore, sample.correct])).toEqual([
      [1, true],
      [0.5, null],
    ]);
  });

  it("never reports a known 0/1 metric as non-binary, even with an odd value", async () => {
    const { samples, summary } = await readAll(linesStream('{"doc_id": 0, "exact_match": 0.5}\n'));
    expect(summary.nonBinaryMetrics).toEqual([]);
    expect(samples[0].correct).toBeNull();
  });
});

describe("readSamples derivation rules", () => {
  it("uses the preferred metric when the line has it, else the line's first metric", async () => {
    const { samples } = await readAll(linesStream('{"doc_id": 0, "a": 0.25, "b": 1}\n{"doc_id": 1, "a": 0}\n'), { primaryMetric: "b" });
    expect(samples.map((sample) => [sample.primaryMetric, sample.primaryScore])).toEqual([
      ["b", 1],
      ["a", 0],
    ]);
  });

  it("reads dict scores under the task's score_key and Python booleans as 0/1", async () => {
    const { samples } = await readAll(
      linesStream('{"doc_id": 0, "m": {"points": "1", "score": 0, "category": 7}}\n{"doc_id": 1, "m": {"score": 1}}\n{"doc_id": 2, "m": false}\n'),
      { scoreKey: "points" },
    );
    expect(samples.map((sample) => [sample.primaryScore, sample.category, sample.correct])).toEqual([
      [1, null, true],
      [null, null, null],
      [0, null, false],
    ]);
  });

  it("keeps every non-standard key as a score, writes non-string targets as text and tolerates a sample without metrics", async () => {
    const line = '{"doc_id": 4, "target": 2, "doc": {"q": 1}, "arguments": [], "input_media": "x.png", "submission": {"id": 4}, "acc": 1}';
    const { samples } = await readAll(linesStream(line, '\n{"doc_id": 5, "filtered_resps": null}'));
    expect(samples[0]).toMatchObject({ target: "2", scores: { submission: { id: 4 }, acc: 1 }, primaryMetric: "submission", primaryScore: null, inputMedia: [] });
    expect(samples[1]).toMatchObject({ docId: 5, target: null, responseText: "", scores: {}, primaryMetric: null, correct: null, tokenCounts: null });
  });
});

describe("readSamples line handling", () => {
  it("reassembles lines and multi-byte characters split across chunks", async () => {
    const bytes = Buffer.from('{"doc_id": 0, "filtered_resps": "é😀", "x": 1}\n{"doc_id": 1, "filtered_resps": "ü"}');
    const splitInsideEmoji = bytes.indexOf(Buffer.from("😀")) + 2;
    const { samples } = await readAll(linesStream(bytes.subarray(0, 5), bytes.subarray(5, splitInsideEmoji), bytes.subarray(splitInsideEmoji)));
    expect(samples.map((sample) => sample.responseText)).toEqual(["é😀", "ü"]);
  });

  it("streams a 2 MB single line", async () => {
    const longAnswer = "x".repeat(2 * 1024 * 1024);
    const filePath = path.join(scratch, "long_samples.jsonl");
    writeFileSync(filePath, `${JSON.stringify({ doc_id: 0, filtered_resps: longAnswer, exact_match: 1 })}\n{"doc_id": 1, "exact_match": 0}\n`);
    const { samples } = await readAll(filePath);
    expect(samples.map((sample) => sample.docId)).toEqual([0, 1]);
    expect(samples[0].responseText.length).toBe(longAnswer.length);
    expect(samples[0].raw.length).toBeGreaterThan(longAnswer.length);
  });

  it("skips blank lines but counts them in line numbers", async () => {
    const error = await ingestErrorOf(linesStream('{"doc_id": 0}\n\n   \n{"doc_id": 1}\n{"doc_id": 2,,}\n{"doc_id": 3}\n'), [0, 1]);
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file: "bad.jsonl", line: 5, column: 14 });
    expect(error.message).toBe("bad.jsonl:5:14: invalid JSON: Expected a string key");
  });

  it.each([
    ["[1, 2]", "a sample line must be a JSON object"],
    ['{"target": "A"}', "the sample has no `doc_id`"],
    ['{"doc_id": "3"}', "`doc_id` must be an integer"],
    ['{"doc_id": 1.5}', "`doc_id` must be an integer"],
  ])("rejects %s on its line", async (line, reason) => {
    const error = await ingestErrorOf(linesStream(`{"doc_id": 0}\n${line}\n`), [0]);
    expect({ line: error.line, reason: error.reason }).toEqual({ line: 2, reason });
  });

  it("rejects a doc_id used twice, naming it and both lines", async () => {
    const error = await ingestErrorOf(linesStream('{"doc_id": 0}\n{"doc_id": 7}\n\n{"doc_id": 1}\n{"doc_id": 7}\n'), [0, 7, 1]);
    expect({ file: error.file, line: error.line }).toEqual({ file: "bad.jsonl", line: 5 });
    expect(error.message).toBe("bad.jsonl:5: doc_id 7 appears twice (lines 2 and 5); each sample of a task needs its own doc_id");
  });

  it("lets a missing file fail as an I/O error, not an IngestError", async () => {
    await expect(readAll(path.join(scratch, "missing.jsonl"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
