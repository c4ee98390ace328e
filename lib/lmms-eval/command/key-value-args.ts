export type KeyValuePair = [key: string, value: string];
export type KeyValueParse = { ok: true; pairs: KeyValuePair[] } | { ok: false; error: string };

/** The value reaches the model as a Python keyword argument (`cls(**args)`), so the key must be an identifier. */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const isArgKey = (key: string): boolean => KEY.test(key);
const MAX_QUOTED_LENGTH = 60;

/**
 * Parses `k=v,k2=v2` as lmms-eval's `utils.simple_parse_args_string` does (docs/LMMS-EVAL-BEHAVIOUR.md §model-args): split on
 * commas that are outside quotes and outside `{}`/`[]` (`utils._smart_comma_split`), strip each piece, drop empty
 * pieces, split each on its first `=`. Values are kept verbatim, quotes included, because lmms-eval does not unquote
 * them either (it only coerces true/false/numbers later).
 * Stricter than lmms-eval, which would hand the mistake to Python as a confusing TypeError or silently keep the last
 * value: a piece without `=`, an empty or non-identifier key, a repeated key, and unbalanced quotes or brackets are
 * errors.
 */
export function parseKeyValueArgs(input: string): KeyValueParse {
  const split = splitOutsideQuotesAndBrackets(input);
  if (!split.ok) return split;
  const pairs: KeyValuePair[] = [];
  const seen = new Set<string>();
  for (const rawPiece of split.pieces) {
    const piece = rawPiece.trim();
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    if (equals < 0) return { ok: false, error: `missing '=' in ${quote(piece)}` };
    const key = piece.slice(0, equals);
    if (key === "") return { ok: false, error: `missing key before '=' in ${quote(piece)}` };
    if (!isArgKey(key)) {
      return { ok: false, error: `${quote(key)} is not a valid key (letters, digits and _ only, no spaces around '=')` };
    }
    if (seen.has(key)) return { ok: false, error: `${quote(key)} is given more than once` };
    seen.add(key);
    pairs.push([key, piece.slice(equals + 1)]);
  }
  return { ok: true, pairs };
}

/**
 * Writes pairs back as one `k=v,…` string. lmms-eval has no escape syntax, so a value that would be split differently
 * (a bare top-level comma, unbalanced quotes or brackets, surrounding whitespace) cannot be written; that throws.
 */
export function formatKeyValueArgs(pairs: KeyValuePair[]): string {
  const formatted = pairs.map(([key, value]) => `${key}=${value}`).join(",");
  const reparsed = parseKeyValueArgs(formatted);
  const sameAsInput =
    reparsed.ok &&
    reparsed.pairs.length === pairs.length &&
    reparsed.pairs.every(([key, value], index) => key === pairs[index][0] && value === pairs[index][1]);
  if (!sameAsInput) {
    throw new RangeError(`these pairs cannot be written as k=v,k2=v2 without changing their meaning: ${formatted}`);
  }
  return formatted;
}

/**
 * `utils._smart_comma_split`, piece for piece: a quote that is not preceded by a backslash opens a quoted run that
 * only the same quote character closes; outside quotes `{`/`[` nest and `}`/`]` un-nest (the kinds are not matched
 * against each other, as in lmms-eval); a comma splits only at depth 0 outside quotes. Pieces are returned unstripped
 * so callers can rebuild the string (the preview's secret masking does).
 */
export function splitOutsideQuotesAndBrackets(input: string): { ok: true; pieces: string[] } | { ok: false; error: string } {
  const pieces: string[] = [];
  let current = "";
  let depth = 0;
  let openQuote: '"' | "'" | null = null;
  for (let index = 0; index < input.length; index++) {
    const char = input[index];
    if ((char === '"' || char === "'") && input[index - 1] !== "\\") {
      if (openQuote === null) openQuote = char;
      else if (char === openQuote) openQuote = null;
    } else if (openQuote === null) {
      if (char === "{" || char === "[") {
        depth++;
      } else if (char === "}" || char === "]") {
        depth--;
        if (depth < 0) return { ok: false, error: `unbalanced brackets: '${char}' has no matching opening bracket` };
      } else if (char === "," && depth === 0) {
        pieces.push(current);
        current = "";
        continue;
      }
    }
    current += char;
  }
  if (openQuote !== null) return { ok: false, error: `unclosed ${openQuote} quote` };
  if (depth > 0) return { ok: false, error: "unbalanced brackets: a '{' or '[' is never closed" };
  pieces.push(current);
  return { ok: true, pieces };
}

function quote(text: string): string {
  const shortened = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return `'${shortened}'`;
}
