/**
 * Escaping for the table exports (results tables, the compare board): one CSV field, one Markdown table cell, one
 * LaTeX table cell. Pure and client-safe.
 */

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space. Text a spreadsheet would
 * evaluate as a formula (leading `=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe; numbers never do.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Text safe inside a GitHub-flavoured Markdown table cell: pipes, backslashes and emphasis/code markers escaped,
 * HTML neutralised, line breaks folded. Underscores inside words (`exact_match`) stay: GFM never reads them as
 * emphasis and escaping them would make the copied table ugly as plain text.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/([\\|*`[\]~])/g, "\\$1")
    .replace(/(^|[^\p{L}\p{N}])_/gu, "$1\\_")
    .replace(/_(?=$|[^\p{L}\p{N}_])/gu, "\\_")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

const LATEX_ESCAPES: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
};

/** Text safe in a LaTeX table cell: the ten special characters, plus `<>|` which print wrongly in OT1 fonts. */
export function escapeLatex(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/[\\{}$&#%_^~<>|]/g, (c) => LATEX_ESCAPES[c]);
}
