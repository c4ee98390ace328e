import type { Board, BoardCell, BoardColumn, BoardMode } from "@/lib/services/compare/board";
import { csvField, escapeLatex, escapeMarkdownCell } from "@/lib/export/escape";
import { benchmarkLabel } from "./format";
import { formatCiHalfWidth, formatScore, formatScoreDelta } from "@/lib/number-format";

/**
 * What an export needs from the board: exactly the view on screen (chosen columns, filtered and sorted rows), with
 * the columns' version warnings so a table pasted into a paper keeps them.
 */
export type BoardExport = Pick<Board, "columns" | "rows" | "baseline" | "test"> & { mode?: BoardMode; columnWarnings?: Board["columnWarnings"] };

const MODE_WORDS: Record<BoardMode, string> = { latest: "latest run per row", best: "best run per row", runs: "one chosen run per row" };

/** The warnings of the columns exported, by column. */
function warnedColumns(board: BoardExport): Array<{ column: BoardColumn; warnings: string[] }> {
  return board.columns.flatMap((column) => {
    const warnings = board.columnWarnings?.[column.key] ?? [];
    return warnings.length ? [{ column, warnings }] : [];
  });
}

/** Header label, with ‡ when the column mixes task or lmms-eval versions (explained in the notes). */
const headerLabel = (board: BoardExport, column: BoardColumn) => `${benchmarkLabel(column)}${board.columnWarnings?.[column.key]?.length ? " ‡" : ""}`;

export type ExportFormat = "csv" | "markdown" | "latex";

export const EXPORT_FILES: Record<ExportFormat, { extension: string; mime: string; label: string }> = {
  csv: { extension: "csv", mime: "text/csv;charset=utf-8", label: "CSV" },
  markdown: { extension: "md", mime: "text/markdown;charset=utf-8", label: "Markdown" },
  latex: { extension: "tex", mime: "application/x-tex;charset=utf-8", label: "LaTeX" },
};

export function exportBoard(board: BoardExport, format: ExportFormat): string {
  return format === "csv" ? boardToCsv(board) : format === "markdown" ? boardToMarkdown(board) : boardToLatex(board);
}

// ------------------------------------------------------------------------------------------------------------ CSV

/** Tidy (long) CSV, full precision: one line per row × benchmark that has a value, with its run and statistics. */
export function boardToCsv(board: BoardExport): string {
  const withBaseline = board.baseline !== null;
  const withWarnings = warnedColumns(board).length > 0;
  const header = [
    "row",
    "row_kind",
    "task",
    "metric",
    "filter",
    "group",
    "value",
    "stderr",
    "ci95_lower",
    "ci95_upper",
    "n",
    "rank",
    "run_id",
    "run_date",
    ...(withBaseline ? ["baseline", "delta_vs_baseline", "p_holm", "significant", "direction", "test"] : []),
    ...(withWarnings ? ["version_warnings"] : []),
  ];
  const lines = [header.join(",")];
  for (const row of board.rows) {
    for (const column of board.columns) {
      const cell = row.cells[column.key];
      if (!cell) continue;
      const base = [
        csvField(row.label),
        csvField(row.kind),
        csvField(column.task),
        csvField(column.metric),
        csvField(column.filter),
        csvField(column.group),
        csvField(cell.value),
        csvField(cell.stderr),
        csvField(cell.ci?.[0] ?? null),
        csvField(cell.ci?.[1] ?? null),
        csvField(cell.n),
        csvField(cell.rank),
        csvField(cell.runId),
        csvField(cell.date),
      ];
      if (withBaseline) {
        const isBaseline = row.key === board.baseline;
        base.push(
          csvField(isBaseline ? "true" : "false"),
          csvField(isBaseline ? null : cell.delta),
          csvField(isBaseline ? null : cell.pAdjusted),
          csvField(isBaseline || cell.pAdjusted === null ? null : String(cell.significant)),
          csvField(isBaseline ? null : cell.direction),
          csvField(isBaseline || cell.pAdjusted === null ? null : board.test),
        );
      }
      if (withWarnings) base.push(csvField(board.columnWarnings?.[column.key]?.join("; ") || null));
      lines.push(base.join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

// ------------------------------------------------------------------------------------------------ Markdown, LaTeX

type CellText = { value: string; ci: string | null; delta: string | null; best: boolean; significant: boolean };

function cellText(board: BoardExport, column: BoardColumn, cell: BoardCell | undefined, isBaseline: boolean): CellText | null {
  if (!cell || cell.value === null) return null;
  const reference = board.baseline ? board.rows.find((r) => r.key === board.baseline)?.cells[column.key] : undefined;
  const showDelta = board.baseline !== null && !isBaseline && cell.delta !== null;
  return {
    value: formatScore(cell.value),
    ci: formatCiHalfWidth(cell.value, cell.ci),
    delta: showDelta ? formatScoreDelta(cell.delta, reference?.value ?? cell.value) : null,
    best: cell.rank === 1,
    significant: showDelta && cell.significant,
  };
}

function notes(board: BoardExport): string[] {
  const out = [
    `Values: ${MODE_WORDS[board.mode ?? "latest"]}; ± is the 95% CI half-width (1.96 × stderr) where lmms-eval reported a stderr on the value's scale.`,
    "Bold: rank 1 in the column (rows whose 95% CIs overlap share a rank).",
  ];
  if (board.baseline) {
    const label = board.rows.find((r) => r.key === board.baseline)?.label ?? board.baseline;
    out.push(`In parentheses: difference from the baseline ${label}; † = significant at α = 0.05 (${board.test}).`);
  }
  for (const { column, warnings } of warnedColumns(board)) out.push(`‡ ${benchmarkLabel(column)} mixes results that may not be comparable: ${warnings.join("; ")}.`);
  return out;
}

export function boardToMarkdown(board: BoardExport): string {
  const header = ["Model", ...board.columns.map((c) => escapeMarkdownCell(headerLabel(board, c)))];
  const lines = [`| ${header.join(" | ")} |`, `|:--|${board.columns.map(() => "--:").join("|")}${board.columns.length ? "|" : ""}`];
  for (const row of board.rows) {
    const isBaseline = row.key === board.baseline;
    const cells = board.columns.map((column) => {
      const t = cellText(board, column, row.cells[column.key], isBaseline);
      if (!t) return "—";
      const value = t.best ? `**${t.value}**` : t.value;
      const ci = t.ci ? ` ${t.ci}` : "";
      const delta = t.delta ? ` (${t.delta}${t.significant ? "†" : ""})` : "";
      return `${value}${ci}${delta}`;
    });
    lines.push(`| ${escapeMarkdownCell(row.label)}${isBaseline ? " (baseline)" : ""} | ${cells.join(" | ")} |`);
  }
  return [...lines, "", ...notes(board).map((n) => escapeMarkdownCell(n)), ""].join("\n");
}

const LATEX_SYMBOLS: Array<[string, string]> = [
  ["\u2212", "$-$"],
  ["±", "$\\pm$"],
  ["†", "$^\\dagger$"],
  ["‡", "$^\\ddagger$"],
  ["α", "$\\alpha$"],
  ["×", "$\\times$"],
  ["—", "---"],
  ["·", "$\\cdot$"],
];

/** escapeLatex, then the few Unicode symbols our own labels use, as math-mode commands (pdfLaTeX-safe). */
export function latexText(text: string): string {
  let out = escapeLatex(text);
  for (const [symbol, command] of LATEX_SYMBOLS) out = out.replaceAll(symbol, command);
  return out;
}

/** A booktabs table, one column per benchmark; `±` as `$\pm$`, the significance dagger as `$^\dagger$`. */
export function boardToLatex(board: BoardExport): string {
  const out = [
    "% \\usepackage{booktabs}",
    "\\begin{table}[t]",
    "\\centering",
    "\\small",
    `\\begin{tabular}{l${"r".repeat(board.columns.length)}}`,
    "\\toprule",
    ["Model", ...board.columns.map((c) => latexText(headerLabel(board, c)))].join(" & ") + " \\\\",
    "\\midrule",
  ];
  for (const row of board.rows) {
    const isBaseline = row.key === board.baseline;
    const cells = board.columns.map((column) => {
      const t = cellText(board, column, row.cells[column.key], isBaseline);
      if (!t) return "--";
      const value = t.best ? `\\textbf{${latexText(t.value)}}` : latexText(t.value);
      const ci = t.ci ? ` {\\scriptsize ${latexText(t.ci)}}` : "";
      const delta = t.delta ? ` {\\scriptsize (${latexText(t.delta)}${t.significant ? "$^\\dagger$" : ""})}` : "";
      return `${value}${ci}${delta}`;
    });
    out.push([`${latexText(row.label)}${isBaseline ? " (baseline)" : ""}`, ...cells].join(" & ") + " \\\\");
  }
  out.push("\\bottomrule", "\\end{tabular}");
  out.push(`\\caption{${notes(board).map(latexText).join(" ")}}`);
  out.push("\\end{table}");
  return out.join("\n") + "\n";
}
