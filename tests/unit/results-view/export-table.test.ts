import { describe, expect, it } from "vitest";
import { csvField, escapeLatex, escapeMarkdownCell } from "@/lib/export/escape";
import { toCsv, toLatex, toMarkdown } from "@/lib/results-view/export-table";
import { buildMetricRows } from "@/lib/results-view/metric-rows";
import { metric, MME_AI2D, task } from "./fixtures";

describe("escaping", () => {
  it("makes Markdown table cells safe without mangling metric names", () => {
    expect(escapeMarkdownCell("exact_match")).toBe("exact_match");
    expect(escapeMarkdownCell("a|b")).toBe("a\\|b");
    expect(escapeMarkdownCell("back\\slash")).toBe("back\\\\slash");
    expect(escapeMarkdownCell("_lead and trail_")).toBe("\\_lead and trail\\_");
    expect(escapeMarkdownCell("*bold* `code`")).toBe("\\*bold\\* \\`code\\`");
    expect(escapeMarkdownCell("line\nbreak <b>")).toBe("line break &lt;b&gt;");
  });

  it("quotes CSV fields (RFC 4180) and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(" padded")).toBe('" padded"');
  });

  it("escapes every LaTeX special character", () => {
    expect(escapeLatex("a_b & c% $d# {e} ^f ~g \\h")).toBe(
      "a\\_b \\& c\\% \\$d\\# \\{e\\} \\textasciicircum{}f \\textasciitilde{}g \\textbackslash{}h",
    );
    expect(escapeLatex("x<y|z>")).toBe("x\\textless{}y\\textbar{}z\\textgreater{}");
  });
});

const grouped = buildMetricRows({
  tasks: [task({ task: "suite", isGroup: true, subtasks: ["toy|a"] }), task({ task: "toy|a", parent: "suite" })],
  metrics: [metric({ task: "toy|a", metric: "exact_match", value: 0.5, stderr: 0.25, n: 2, group: "suite" })],
});

describe("table exports", () => {
  it("Markdown: one header, aligned numbers, CI, the group as a bold heading", () => {
    const md = toMarkdown(buildMetricRows(MME_AI2D));
    const lines = md.trim().split("\n");
    expect(lines[0]).toBe("| Task | Metric | Filter | Value | 95% CI | n | Version |");
    expect(lines[2]).toBe("| ai2d | exact_match ↑ | flexible-extract | 0.8335 | ±0.0131 | 3088 | Yaml |");
    expect(lines[3]).toBe("| mme | mme_cognition_score ↑ |  | 630.36 |  | 2374 | Yaml |");
    expect(lines[4]).toBe("|  | mme_perception_score ↑ |  | 1713.30 |  | 2374 |  |");
    const g = toMarkdown(grouped).trim().split("\n");
    expect(g[2]).toBe("| **suite** |  |  |  |  |  | Yaml |");
    expect(g[3]).toBe("| \u00a0\u00a0- toy\\|a | exact_match ↑ |  | 0.5000 | ±0.4900 | 2 | Yaml |");
  });

  it("CSV: full precision, machine-readable columns, groups as a column", () => {
    const csv = toCsv(buildMetricRows(MME_AI2D)).split("\r\n");
    expect(csv[0]).toBe("task,group,depth,metric,filter,value,stderr,stderr_kind,ci95_lower,ci95_upper,n,higher_is_better,version,n_shot");
    expect(csv[1]).toMatch(/^ai2d,,0,exact_match,flexible-extract,0\.8335492227979274,0\.006704095996686236,bootstrap,0\.82040\d+,0\.84668\d+,3088,true,Yaml,0$/);
    // The stderr is reported as lmms-eval wrote it; the CI columns stay empty where the scales differ.
    expect(csv[3]).toBe("mme,,0,mme_perception_score,none,1713.2958183273308,0.006888820284184943,clt,,,2374,true,Yaml,0");
    expect(toCsv(grouped).split("\r\n")[1]).toMatch(/^"?toy\|a"?,suite,1,exact_match,none,0\.5,0\.25,bootstrap,/);
  });

  it("LaTeX: booktabs, escaped names, ± in math mode, indented subtasks", () => {
    const tex = toLatex(grouped, { model: "org/model_x", runId: 7 });
    expect(tex).toContain("\\begin{tabular}{lllrrr}");
    expect(tex).toContain("\\textbf{suite} & & & & & \\\\");
    expect(tex).toContain("\\quad toy\\textbar{}a & exact\\_match $\\uparrow$ &  & 0.5000 & $\\pm$0.4900 & 2 \\\\");
    expect(tex).toContain("\\caption{org/model\\_x, run \\#7.");
    expect(tex.trim().endsWith("\\end{table}")).toBe(true);
  });
});
