import { csvField, escapeLatex, escapeMarkdownCell } from "@/lib/export/escape";
import type { MetricTableRow } from "./metric-rows";

type MetricRow = Extract<MetricTableRow, { kind: "metric" }>;

export type TableExportContext = {
  /** e.g. `Qwen/Qwen2.5-VL-7B-Instruct`; used as a caption, never required. */
  model?: string | null;
  runId?: number;
};

const ciCell = (r: MetricRow): string => r.ciText ?? "";
const nCell = (r: MetricRow): string => (r.n === null ? "" : String(r.n));
const arrow = (r: MetricRow): string => (r.higherIsBetter === true ? "↑" : r.higherIsBetter === false ? "↓" : "");

// ---------------------------------------------------------------- Markdown

export function toMarkdown(rows: MetricTableRow[]): string {
  const header = ["Task", "Metric", "Filter", "Value", "95% CI", "n", "Version"];
  const lines = [`| ${header.join(" | ")} |`, "|:--|:--|:--|--:|--:|--:|:--|"];
  for (const r of rows) {
    // Non-breaking spaces keep the indentation when rendered (plain spaces would collapse).
    const indent = "\u00a0\u00a0".repeat(r.depth) + (r.depth > 0 ? "- " : "");
    if (r.kind === "group") {
      lines.push(`| ${indent}**${escapeMarkdownCell(r.label)}** |  |  |  |  |  | ${escapeMarkdownCell(r.version ?? "")} |`);
      continue;
    }
    const cells = [
      r.firstOfTask ? `${indent}${escapeMarkdownCell(r.label)}` : "",
      `${escapeMarkdownCell(r.metric)} ${arrow(r)}`.trim(),
      escapeMarkdownCell(r.filter ?? ""),
      escapeMarkdownCell(r.valueText),
      ciCell(r),
      nCell(r),
      escapeMarkdownCell(r.firstOfTask ? (r.version ?? "") : ""),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- CSV

/** Machine-readable: full precision, one row per metric, the hierarchy in `group`/`depth` columns. */
export function toCsv(rows: MetricTableRow[]): string {
  const header = ["task", "group", "depth", "metric", "filter", "value", "stderr", "stderr_kind", "ci95_lower", "ci95_upper", "n", "higher_is_better", "version", "n_shot"];
  const lines = [header.join(",")];
  for (const r of rows) {
    if (r.kind === "group") continue;
    lines.push(
      [
        csvField(r.task),
        csvField(r.group),
        csvField(r.depth),
        csvField(r.metric),
        csvField(r.filter ?? "none"),
        r.value === null ? csvField(r.valueText === "—" ? "" : r.valueText) : csvField(r.value),
        csvField(r.stderr),
        csvField(r.stderrKind),
        csvField(r.ci?.lower ?? null),
        csvField(r.ci?.upper ?? null),
        csvField(r.n),
        csvField(r.higherIsBetter === null ? null : String(r.higherIsBetter)),
        csvField(r.version),
        csvField(r.nShot),
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------- LaTeX

/** A booktabs table; `±` as `$\pm$`, subtasks indented with `\quad`. */
export function toLatex(rows: MetricTableRow[], context: TableExportContext = {}): string {
  const out = [
    "% \\usepackage{booktabs}",
    "\\begin{table}[t]",
    "\\centering",
    "\\begin{tabular}{lllrrr}",
    "\\toprule",
    "Task & Metric & Filter & Value & 95\\% CI & $n$ \\\\",
    "\\midrule",
  ];
  for (const r of rows) {
    const indent = "\\quad ".repeat(r.depth);
    if (r.kind === "group") {
      out.push(`${indent}\\textbf{${escapeLatex(r.label)}} & & & & & \\\\`);
      continue;
    }
    const ci = r.ciText ? `$\\pm$${r.ciText.slice(1)}` : "";
    const dir = r.higherIsBetter === true ? " $\\uparrow$" : r.higherIsBetter === false ? " $\\downarrow$" : "";
    out.push(
      [
        r.firstOfTask ? `${indent}${escapeLatex(r.label)}` : "",
        `${escapeLatex(r.metric)}${dir}`,
        escapeLatex(r.filter ?? ""),
        escapeLatex(r.valueText),
        ci,
        nCell(r),
      ].join(" & ") + " \\\\",
    );
  }
  out.push("\\bottomrule", "\\end{tabular}");
  const caption = [context.model ? escapeLatex(context.model) : null, context.runId !== undefined ? `run \\#${context.runId}` : null].filter(Boolean).join(", ");
  if (caption) out.push(`\\caption{${caption}. 95\\% CI $= \\pm 1.96\\,\\mathrm{SE}$.}`);
  out.push("\\end{table}");
  return out.join("\n") + "\n";
}
