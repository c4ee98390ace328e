/**
 * The `k=v,k2=v2` editor's two views (rows and raw text) and how they stay in sync. Pure and client-safe: it imports
 * the parser module itself, not the command index (whose argv builder needs `node:path`).
 *
 * The raw text is what is submitted. In the rows view it is rebuilt from the rows on every edit (`textFromRows`), so
 * switching to raw always shows exactly what will be sent; switching to rows parses the text with the same parser the
 * server uses and refuses (with its message) when the text cannot be split into pairs.
 */
import { isArgKey, parseKeyValueArgs, splitOutsideQuotesAndBrackets } from "@/lib/lmms-eval/command/key-value-args";
import { isSecretKey, MASK } from "@/lib/lmms-eval/command/preview";

export type KeyValueRow = { id: string; key: string; value: string };
export type KeyValueMode = "rows" | "raw";
export type KeyValueField = { mode: KeyValueMode; text: string; rows: KeyValueRow[] };

// Rows made on the server (re-run prefill) and rows added in the browser must never share an id: each module
// instance (server, browser) numbers its rows under its own random prefix.
const INSTANCE = Math.random().toString(36).slice(2, 7);
let rowCounter = 0;
export function newRowId(prefix = "kv"): string {
  rowCounter += 1;
  return `${prefix}-${INSTANCE}-${rowCounter}`;
}

export function emptyKeyValueField(): KeyValueField {
  return { mode: "rows", text: "", rows: [] };
}

export function rowsFromText(text: string): { ok: true; rows: KeyValueRow[] } | { ok: false; error: string } {
  const parsed = parseKeyValueArgs(text);
  if (!parsed.ok) return parsed;
  return { ok: true, rows: parsed.pairs.map(([key, value]) => ({ id: newRowId(), key, value })) };
}

/** Rows that are entirely blank are skipped; everything else is written as typed, so mistakes reach the checks. */
export function textFromRows(rows: readonly KeyValueRow[]): string {
  return rows
    .filter((row) => row.key.trim() !== "" || row.value !== "")
    .map((row) => `${row.key.trim()}=${row.value}`)
    .join(",");
}

/** A field opened on existing text: rows when the text parses (the friendlier view), raw otherwise. */
export function keyValueFieldFromText(text: string): KeyValueField {
  const parsed = rowsFromText(text);
  return parsed.ok ? { mode: "rows", text, rows: parsed.rows } : { mode: "raw", text, rows: [] };
}

export function withRows(field: KeyValueField, rows: KeyValueRow[]): KeyValueField {
  return { ...field, rows, text: textFromRows(rows) };
}

export function withText(field: KeyValueField, text: string): KeyValueField {
  return { ...field, text };
}

/** Switches views; `error` is set (and the view kept) when raw text cannot be shown as rows. */
export function switchMode(field: KeyValueField, mode: KeyValueMode): { field: KeyValueField; error: string | null } {
  if (mode === field.mode) return { field, error: null };
  if (mode === "raw") return { field: { ...field, mode, text: textFromRows(field.rows) }, error: null };
  const parsed = rowsFromText(field.text);
  if (!parsed.ok) return { field, error: `Fix the text first: ${parsed.error}` };
  return { field: { ...field, mode, rows: parsed.rows }, error: null };
}

/**
 * Per-row problems (index → message) in the rows view. lmms-eval has no escaping, so a value with a top-level comma,
 * an unbalanced quote or bracket, or trailing spaces would be split or trimmed differently than it looks.
 */
export function rowProblems(rows: readonly KeyValueRow[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === "" && row.value === "") return;
    if (key === "") return void problems.set(index, "enter a key for this value");
    if (!isArgKey(key)) return void problems.set(index, `'${key}' is not a valid key (letters, digits and _ only)`);
    if (seen.has(key)) return void problems.set(index, `'${key}' is given more than once`);
    seen.set(key, index);
    const split = splitOutsideQuotesAndBrackets(row.value);
    if (!split.ok) problems.set(index, `this value cannot be passed as is: ${split.error}`);
    else if (split.pieces.length > 1) {
      problems.set(index, "lmms-eval would split this value at its comma: wrap the value in quotes or brackets");
    } else if (row.value !== row.value.trimEnd()) problems.set(index, "lmms-eval would drop the trailing spaces of this value");
  });
  return problems;
}

/** The first problem of a field, as one message for the field's error slot (null when it is fine). */
export function keyValueFieldProblem(label: string, field: KeyValueField): string | null {
  if (field.mode === "rows") {
    const problems = rowProblems(field.rows);
    const first = [...problems.entries()].sort(([a], [b]) => a - b)[0];
    return first ? `${label}, row ${first[0] + 1}: ${first[1]}` : null;
  }
  const parsed = parseKeyValueArgs(field.text);
  return parsed.ok ? null : `${label}: ${parsed.error}`;
}

/** Keys whose value still holds the `***` a stored run shows instead of a secret (re-run prefill); the server's rule. */
export { keysWithMaskedValues as maskedKeys } from "@/lib/lmms-eval/secret-values";

export { isSecretKey };
