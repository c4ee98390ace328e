import { describe, expect, it } from "vitest";
import { buildMetricRows, type MetricTableRow } from "@/lib/results-view/metric-rows";
import { metric, MME_AI2D, task } from "./fixtures";

type MetricRow = Extract<MetricTableRow, { kind: "metric" }>;
const metricRows = (rows: MetricTableRow[]) => rows.filter((r): r is MetricRow => r.kind === "metric");

describe("buildMetricRows", () => {
  it("builds 95% CIs from the stderr and hides the default `none` filter", () => {
    const rows = metricRows(buildMetricRows(MME_AI2D));
    const ai2d = rows.find((r) => r.task === "ai2d")!;
    expect(ai2d.filter).toBe("flexible-extract");
    expect(ai2d.valueText).toBe("0.8335");
    expect(ai2d.ci?.kind).toBe("bootstrap");
    expect(ai2d.ci?.halfWidth).toBeCloseTo(1.959964 * 0.006704095996686236, 9);
    expect(ai2d.ciText).toBe("±0.0131");
    expect(ai2d.ciNote).toBeNull();
    expect(rows.find((r) => r.metric === "mme_perception_score")!.filter).toBeNull();
  });

  it("withholds MME's CI (0/1-scale stderr on a 0–2000 value) and says why", () => {
    const rows = metricRows(buildMetricRows(MME_AI2D));
    const perception = rows.find((r) => r.metric === "mme_perception_score")!;
    expect(perception.ci).toBeNull();
    expect(perception.ciText).toBeNull();
    expect(perception.ciNote).toMatch(/MME/);
  });

  it("falls back to the CLT stderr and labels it", () => {
    const rows = metricRows(buildMetricRows({ tasks: [task({ task: "t" })], metrics: [metric({ task: "t", metric: "acc", value: 0.5, stderrClt: 0.05 })] }));
    expect(rows[0].ci).toMatchObject({ kind: "clt", stderr: 0.05 });
  });

  it("explains a missing stderr but not a missing value", () => {
    const rows = metricRows(
      buildMetricRows({
        tasks: [task({ task: "t" })],
        metrics: [metric({ task: "t", metric: "a", value: 0.5 }), metric({ task: "t", metric: "b", value: null, valueRaw: "N/A" })],
      }),
    );
    expect(rows[0].ciNote).toMatch(/no stderr/);
    expect(rows[1].ciNote).toBeNull();
    expect(rows[1].valueText).toBe("N/A");
  });

  it("nests subtasks under their group, depth-first, alphabetical, with headings for non-aggregating groups", () => {
    const tasks = [
      task({ task: "toy_b", parent: "suite" }),
      task({ task: "mmbench", isGroup: true, subtasks: ["mmbench_en", "mmbench_cn"] }),
      task({ task: "suite", isGroup: true, subtasks: ["toy_b", "toy_a"], version: null }),
      task({ task: "mmbench_en", parent: "mmbench" }),
      task({ task: "toy_a", parent: "suite", alias: "Toy A" }),
      task({ task: "mmbench_cn", parent: "mmbench" }),
      task({ task: "alone" }),
    ];
    const metrics = [
      metric({ task: "mmbench", metric: "gpt_eval_score", isGroup: true }),
      metric({ task: "mmbench_cn", metric: "gpt_eval_score", group: "mmbench" }),
      metric({ task: "mmbench_en", metric: "gpt_eval_score", group: "mmbench" }),
      metric({ task: "toy_a", metric: "exact_match", group: "suite" }),
      metric({ task: "toy_a", metric: "f1", group: "suite" }),
      metric({ task: "toy_b", metric: "exact_match", group: "suite" }),
      metric({ task: "alone", metric: "acc" }),
    ];
    const rows = buildMetricRows({ tasks, metrics });
    expect(rows.map((r) => `${"  ".repeat(r.depth)}${r.kind === "group" ? `[${r.label}]` : `${r.label}/${r.metric}${r.firstOfTask ? "" : "+"}`}`)).toEqual([
      "alone/acc",
      "mmbench/gpt_eval_score",
      "  mmbench_cn/gpt_eval_score",
      "  mmbench_en/gpt_eval_score",
      "[suite]",
      "  Toy A/exact_match",
      "  Toy A/f1+",
      "  toy_b/exact_match",
    ]);
    const toyA = metricRows(rows).find((r) => r.task === "toy_a")!;
    expect(toyA.group).toBe("suite");
    expect(rows.find((r) => r.kind === "group")).toMatchObject({ task: "suite", subtaskCount: 2 });
  });

  it("never loses a task to a cycle in group_subtasks", () => {
    const rows = buildMetricRows({
      tasks: [task({ task: "a", parent: "b", isGroup: true }), task({ task: "b", parent: "a", isGroup: true })],
      metrics: [metric({ task: "a", metric: "x" }), metric({ task: "b", metric: "y" })],
    });
    expect(rows.map((r) => r.task).sort()).toEqual(["a", "b"]);
  });

  it("keeps repeats and paired-baseline extras readable", () => {
    const rows = metricRows(
      buildMetricRows({
        tasks: [task({ task: "t" })],
        metrics: [metric({ task: "t", metric: "acc", extras: { consistency_rate: 0.5, paired_baseline: "qwen25vl", paired_pvalue: 0.04, paired_ci_lower: -1.5, paired_ci_upper: 12.5 } })],
      }),
    );
    expect(rows[0].extras).toEqual([
      { label: "consistency", text: "0.5000" },
      { label: "baseline", text: "qwen25vl" },
      { label: "paired p", text: "0.0400" },
      { label: "paired Δ CI", text: "[\u22121.500, 12.50]" },
    ]);
  });
});
