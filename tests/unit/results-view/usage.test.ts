import { describe, expect, it } from "vitest";
import { efficiencySummary, throughputFigures, usageSummary } from "@/lib/results-view/usage";

describe("throughputFigures", () => {
  it("reads lmms-eval's throughput block (fixture A)", () => {
    const figures = throughputFigures({ total_gen_tokens: 5479, total_elapsed_time: 7034.860970228487, avg_speed: 0.7788355765930718 });
    expect(figures).toEqual([
      { label: "Generated tokens", value: "5,479" },
      { label: "Output speed", value: "0.78 tok/s" },
      { label: "Model time", value: "1h 57m 15s", hint: "Sum of per-request latencies, not wall-clock time" },
    ]);
  });

  it("keeps vLLM's extra avg_* keys readable and skips junk", () => {
    const figures = throughputFigures({ avg_speed: "250.5", avg_ttft: 0.125, avg_tpot: 0.02, avg_latency: 3.5, note: "x" });
    expect(figures.map((f) => `${f.label}=${f.value}`)).toEqual(["Output speed=251 tok/s", "Avg latency=3.50 s", "avg TTFT=125 ms", "avg TPOT=20 ms"]);
  });

  it("is empty when the backend logged nothing", () => {
    expect(throughputFigures(null)).toEqual([]);
    expect(throughputFigures({})).toEqual([]);
  });
});

describe("usageSummary", () => {
  const bucket = (input: number, output: number, calls: number) => ({ input_tokens: input, output_tokens: output, reasoning_tokens: 0, total_tokens: input + output, n_api_calls: calls });

  it("summarises totals, sources and tasks (unattributed model calls named as such)", () => {
    const u = usageSummary({
      total: bucket(6331465, 5479, 5462),
      by_task: { _unknown: bucket(6331465, 5479, 5462), mme: bucket(10, 5, 2) },
      by_source: { model: bucket(6331465, 5479, 5462), judge: bucket(10, 5, 2) },
      budget_exceeded: false,
      budget_total_tokens: null,
    })!;
    expect(u.figures).toEqual([
      { label: "Input tokens", value: "6,331,465" },
      { label: "Output tokens", value: "5,479" },
      { label: "API calls", value: "5,462" },
    ]);
    expect(u.byTask.map((r) => r.name)).toEqual(["unattributed (model calls)", "mme"]);
    expect(u.bySource[0]).toMatchObject({ name: "model", totalTokens: 6336944 });
    expect(u.budgetExceeded).toBe(false);
  });

  it("flags an exceeded budget", () => {
    const u = usageSummary({ total: bucket(1, 1, 1), budget_exceeded: true, budget_total_tokens: 1000 })!;
    expect(u.budgetExceeded).toBe(true);
    expect(u.figures.at(-1)).toEqual({ label: "Token budget", value: "1,000" });
  });

  it("treats `usage: {}` as no usage", () => {
    expect(usageSummary({})).toBeNull();
    expect(usageSummary(null)).toBeNull();
  });
});

describe("efficiencySummary", () => {
  it("reads overall and per-task efficiency", () => {
    const e = efficiencySummary({
      by_task: {
        mme: { docs: 2374, total_tokens: 3228055, total_correct_score: 2094, avg_output_tokens_per_sample: 1.0004, tokens_per_correct_answer: 1.134 },
        ai2d: { docs: 3088, total_tokens: 3108889, total_correct_score: 2574, avg_output_tokens_per_sample: 1.005, tokens_per_correct_answer: null },
      },
      overall: { docs: 5462, total_correct_score: 4668, avg_output_tokens_per_sample: 1.0031, tokens_per_correct_answer: 1.1737 },
    })!;
    expect(e.figures).toEqual([
      { label: "Tokens / correct answer", value: "1.17", hint: "Output tokens spent per unit of correct score" },
      { label: "Avg output tokens", value: "1.00", hint: "Per sample" },
      { label: "Correct score", value: "4,668 / 5,462" },
    ]);
    expect(e.byTask.map((r) => r.task)).toEqual(["ai2d", "mme"]);
    expect(e.byTask[0].tokensPerCorrect).toBeNull();
  });

  it("treats token figures as unknown when no doc had token counts (dummy model), not as zero", () => {
    const zero = { docs: 6, docs_with_token_counts: 0, total_tokens: 0, total_correct_score: 3, avg_output_tokens_per_sample: 0, tokens_per_correct_answer: 0 };
    const e = efficiencySummary({ by_task: { toy_qa: zero }, overall: zero })!;
    expect(e.figures).toEqual([{ label: "Correct score", value: "3 / 6" }]);
    expect(e.byTask[0]).toMatchObject({ tokensPerCorrect: null, avgOutputTokens: null, totalTokens: null, totalCorrect: 3 });
  });

  it("is null when absent", () => {
    expect(efficiencySummary(undefined)).toBeNull();
    expect(efficiencySummary({})).toBeNull();
  });
});
