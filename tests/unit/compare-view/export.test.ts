import { describe, expect, it } from "vitest";
import { boardToCsv, boardToLatex, boardToMarkdown, exportBoard, latexText } from "@/lib/compare-view/export";
import { csvField, escapeLatex, escapeMarkdownCell } from "@/lib/export/escape";
import { board, cell, column, row } from "./fixtures";

const ai2d = column("ai2d", "exact_match", "flexible-extract", "mcq");
const mme = column("mme", "mme_perception_score", "none", null);
const base = row("v:1", "Qwen 7B", { [ai2d.key]: cell(0.65, { runId: 11, rank: 1 }), [mme.key]: cell(1713.3, { runId: 11, rank: 2, stderr: null, ci: null }) });
const other = row("v:2", "Weird | model_*name*", {
  [ai2d.key]: cell(0.7, { runId: 12, rank: 1, delta: 0.05, pAdjusted: 0.003, significant: true, direction: "better" }),
  [mme.key]: cell(1800, { runId: 12, rank: 1, stderr: null, ci: null, delta: 86.7 }),
});
const third = row("r:x", "=cmd()", { [ai2d.key]: cell(0.6, { runId: 13, rank: 3, delta: -0.05, pAdjusted: 0.2, significant: false }) }, "unregistered");
const withBaseline = board([ai2d, mme], [base, other, third], "v:1");
const plain = board([ai2d, mme], [base, other, third]);

describe("escaping", () => {
  it("quotes CSV fields and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@SUM")).toBe("'@SUM");
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(" padded")).toBe('" padded"');
  });

  it("makes Markdown cells safe without mangling metric names", () => {
    expect(escapeMarkdownCell("exact_match")).toBe("exact_match");
    expect(escapeMarkdownCell("a|b")).toBe("a\\|b");
    expect(escapeMarkdownCell("_x_ *y* `z` ~~s~~")).toBe("\\_x\\_ \\*y\\* \\`z\\` \\~\\~s\\~\\~");
    expect(escapeMarkdownCell("<img src=x> & \\")).toBe("&lt;img src=x&gt; &amp; \\\\");
    expect(escapeMarkdownCell("line\nbreak")).toBe("line break");
  });

  it("escapes every LaTeX special character and our own symbols", () => {
    expect(escapeLatex("a_b & c% $d# {e} ^f ~g \\h")).toBe("a\\_b \\& c\\% \\$d\\# \\{e\\} \\textasciicircum{}f \\textasciitilde{}g \\textbackslash{}h");
    expect(escapeLatex("x<y|z>")).toBe("x\\textless{}y\\textbar{}z\\textgreater{}");
    expect(latexText("\u22120.5 ±0.1 †")).toBe("$-$0.5 $\\pm$0.1 $^\\dagger$");
  });
});

describe("boardToCsv", () => {
  it("writes one line per row × benchmark with full precision", () => {
    const csv = boardToCsv(plain);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("row,row_kind,task,metric,filter,group,value,stderr,ci95_lower,ci95_upper,n,rank,run_id,run_date");
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toBe("Qwen 7B,version,ai2d,exact_match,flexible-extract,mcq,0.65,0.01,0.6304000000000001,0.6696,500,1,11,2026-01-01T00:00:00.000Z");
    expect(lines[3]).toMatch(/^Weird \| model_\*name\*,version,/);
    expect(lines[5]).toMatch(/^'=cmd\(\),unregistered,ai2d,/);
  });

  it("adds the baseline statistics, and no test for the baseline row or untested cells", () => {
    const lines = boardToCsv(withBaseline).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/,baseline,delta_vs_baseline,p_holm,significant,direction,test$/);
    expect(lines[1]).toMatch(/,true,,,,,$/);
    expect(lines[3]).toMatch(/,false,0\.05,0\.003,true,better,"Unpaired z-test from the two stderrs \(normal approximation\), Holm-corrected across the board"$/);
    // MME has no stderr on its scale: a delta, but no test and no significance claim.
    expect(lines[4]).toMatch(/,false,86\.7,,,,$/);
  });
});

describe("boardToMarkdown", () => {
  it("bolds rank 1, gives ±CI and daggers only significant deltas", () => {
    const md = boardToMarkdown(withBaseline);
    const lines = md.split("\n");
    expect(lines[0]).toBe("| Model | ai2d · exact_match · flexible-extract | mme · mme_perception_score |");
    expect(lines[1]).toBe("|:--|--:|--:|");
    expect(lines[2]).toBe("| Qwen 7B (baseline) | **0.6500** ±0.0196 | 1713.30 |");
    // An underscore before punctuation could close emphasis: escaped; inside a word it is left alone (exact_match above).
    expect(lines[3]).toBe("| Weird \\| model\\_\\*name\\* | **0.7000** ±0.0196 (+0.0500†) | **1800.00** (+86.70) |");
    expect(lines[4]).toBe("| =cmd() | 0.6000 ±0.0196 (\u22120.0500) | — |");
    expect(md).toContain("† = significant at α = 0.05 (Unpaired z-test");
    expect(md).toContain("difference from the baseline Qwen 7B");
  });

  it("says nothing about significance without a baseline", () => {
    const md = boardToMarkdown(plain);
    expect(md).not.toContain("†");
    expect(md).toContain("latest run per row");
    expect(boardToMarkdown({ ...plain, mode: "best" })).toContain("best run per row");
  });
});

describe("version warnings and chosen runs in exports", () => {
  const warned = { ...plain, columnWarnings: { [ai2d.key]: ["different task versions (1 vs 2)"], "gone|m|f": ["different lmms-eval versions (a vs b)"] } };
  it("marks the warned column ‡ and explains it in the notes (Markdown, LaTeX) or a column (CSV)", () => {
    const md = boardToMarkdown(warned);
    expect(md.split("\n")[0]).toBe("| Model | ai2d · exact_match · flexible-extract ‡ | mme · mme_perception_score |");
    expect(md).toContain("‡ ai2d · exact_match · flexible-extract mixes results that may not be comparable: different task versions (1 vs 2).");
    // Warnings of columns not exported are not mentioned.
    expect(md).not.toContain("lmms-eval versions");
    const tex = boardToLatex(warned);
    expect(tex).toContain("flexible-extract $^\\ddagger$ & mme");
    const lines = boardToCsv(warned).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/,run_date,version_warnings$/);
    expect(lines[1]).toMatch(/,different task versions \(1 vs 2\)$/);
    expect(lines[2]).toMatch(/,2026-01-01T00:00:00\.000Z,$/);
    expect(boardToCsv(plain).split("\r\n")[0]).not.toContain("version_warnings");
  });
  it("names the chosen-runs mode", () => {
    expect(boardToMarkdown({ ...plain, mode: "runs" })).toContain("Values: one chosen run per row;");
  });
});

describe("boardToLatex", () => {
  it("is a booktabs table with escaped labels and math-mode symbols", () => {
    const tex = boardToLatex(withBaseline);
    expect(tex).toContain("\\begin{tabular}{lrr}");
    expect(tex).toContain("Model & ai2d $\\cdot$ exact\\_match $\\cdot$ flexible-extract & mme $\\cdot$ mme\\_perception\\_score \\\\");
    expect(tex).toContain("Weird \\textbar{} model\\_*name* & \\textbf{0.7000} {\\scriptsize $\\pm$0.0196} {\\scriptsize (+0.0500$^\\dagger$)} & \\textbf{1800.00} {\\scriptsize (+86.70)} \\\\");
    expect(tex).toContain("=cmd() & 0.6000 {\\scriptsize $\\pm$0.0196} {\\scriptsize ($-$0.0500)} & -- \\\\");
    expect(tex).toMatch(/\\caption\{.*\$\\alpha\$ = 0\.05.*\}/);
    // Nothing unescaped slips through: every & is a column separator or escaped.
    expect(tex.split("\n").filter((l) => l.endsWith("\\\\")).every((l) => l.split(/(?<!\\)&/).length === 3)).toBe(true);
  });

  it("exportBoard dispatches by format", () => {
    expect(exportBoard(plain, "csv")).toBe(boardToCsv(plain));
    expect(exportBoard(plain, "markdown")).toBe(boardToMarkdown(plain));
    expect(exportBoard(plain, "latex")).toBe(boardToLatex(plain));
  });
});
