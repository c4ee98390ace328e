/**
 * Search-hit highlighting that agrees with the server's search (`searchWords` in lib/services/results/search-index.ts):
 * the search text is split into letter/digit words and each word matches as a prefix of a word in the text.
 */
export type TextSegment = { text: string; match: boolean };

export function searchTerms(query: string | null | undefined): string[] {
  const words = query?.match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.map((w) => w.toLocaleLowerCase()))];
  // Longest first, so "frogs" wins over "frog" where both could match at the same place.
  return unique.sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Splits `text` into plain and matching runs; each match is the prefix of a word that a term starts. */
export function highlightSegments(text: string, terms: string[]): TextSegment[] {
  if (!text || terms.length === 0) return text ? [{ text, match: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join("|")})`, "giu");
  const segments: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (start > last) segments.push({ text: text.slice(last, start), match: false });
    segments.push({ text: m[0], match: true });
    last = start + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}

/**
 * A short excerpt for a list row: the start of the text, or — when a term matches further in — a window around
 * the first match so the hit is visible without opening the sample.
 */
export function excerptAround(text: string, terms: string[], length = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const segments = highlightSegments(flat, terms);
  const firstMatch = segments.findIndex((s) => s.match);
  let start = 0;
  if (firstMatch > 0) {
    const offset = segments.slice(0, firstMatch).reduce((n, s) => n + s.text.length, 0);
    start = Math.max(0, Math.min(offset - Math.floor(length / 3), flat.length - length));
  }
  const slice = flat.slice(start, start + length);
  return `${start > 0 ? "…" : ""}${slice}${start + length < flat.length ? "…" : ""}`;
}
