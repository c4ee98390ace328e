import Anser from "anser";

/** A run of console text with one style. Colours are `r, g, b` strings, already mapped to the console palette. */
export type AnsiSegment = { text: string; fg: string | null; bg: string | null; bold: boolean; dim: boolean; italic: boolean; underline: boolean };

/**
 * Anser's 16 basic colours are xterm's, tuned for pure black; the console sits on zinc-950, where pure blue and
 * black are unreadable. 256-colour and true-colour values pass through as the program asked.
 */
const CONSOLE_PALETTE: Record<string, string> = {
  "0, 0, 0": "113, 113, 122",
  "187, 0, 0": "248, 113, 113",
  "0, 187, 0": "74, 222, 128",
  "187, 187, 0": "250, 204, 21",
  "0, 0, 187": "96, 165, 250",
  "187, 0, 187": "232, 121, 249",
  "0, 187, 187": "34, 211, 238",
  "255,255,255": "228, 228, 231",
  "85, 85, 85": "161, 161, 170",
  "255, 85, 85": "252, 165, 165",
  "0, 255, 0": "134, 239, 172",
  "255, 255, 85": "253, 224, 71",
  "85, 85, 255": "147, 197, 253",
  "255, 85, 255": "240, 171, 252",
  "85, 255, 255": "103, 232, 249",
  "255, 255, 255": "250, 250, 250",
};

const mapColour = (rgb: string | null | undefined): string | null => (rgb ? (CONSOLE_PALETTE[rgb] ?? rgb) : null);

/** Parses SGR colour codes into styled segments; other escapes (cursor moves, titles) are dropped by Anser. */
export function ansiSegments(text: string): AnsiSegment[] {
  if (!text.includes("\x1b")) return text ? [{ text, fg: null, bg: null, bold: false, dim: false, italic: false, underline: false }] : [];
  const entries = Anser.ansiToJson(text, { use_classes: false, remove_empty: true });
  const segments: AnsiSegment[] = [];
  for (const entry of entries) {
    if (!entry.content) continue;
    const decorations = entry.decorations ?? [];
    // Anser already swaps colours for reverse video.
    segments.push({
      text: entry.content,
      fg: mapColour(entry.fg),
      bg: mapColour(entry.bg),
      bold: decorations.includes("bold"),
      dim: decorations.includes("dim"),
      italic: decorations.includes("italic"),
      underline: decorations.includes("underline"),
    });
  }
  return segments;
}

export const plainTextOf = (segments: AnsiSegment[]): string => segments.map((s) => s.text).join("");

export type HighlightedSegment = AnsiSegment & { match: boolean };

/** Case-insensitive search of the visible text (colour codes never match). */
export function lineMatches(plain: string, query: string): boolean {
  return query === "" || plain.toLowerCase().includes(query.toLowerCase());
}

/**
 * Splits styled segments so that every occurrence of `query` (case-insensitive, in the visible text, across segment
 * borders) is its own piece with `match: true`, keeping each piece's colours.
 */
export function highlightSegments(segments: AnsiSegment[], query: string): HighlightedSegment[] {
  if (!query) return segments.map((s) => ({ ...s, match: false }));
  const original = plainTextOf(segments);
  // Lower-casing can change a string's length (e.g. "İ"); offsets must stay valid, so such lines match exactly.
  const foldable = original.toLowerCase().length === original.length;
  const plain = foldable ? original.toLowerCase() : original;
  const needle = foldable ? query.toLowerCase() : query;
  const ranges: Array<[number, number]> = [];
  for (let at = plain.indexOf(needle); at >= 0; at = plain.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  if (ranges.length === 0) return segments.map((s) => ({ ...s, match: false }));

  const out: HighlightedSegment[] = [];
  let offset = 0;
  let r = 0;
  for (const segment of segments) {
    const start = offset;
    const end = offset + segment.text.length;
    let cursor = start;
    while (cursor < end) {
      while (r < ranges.length && ranges[r][1] <= cursor) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ ...segment, text: segment.text.slice(cursor - start), match: false });
        cursor = end;
      } else if (range[0] > cursor) {
        out.push({ ...segment, text: segment.text.slice(cursor - start, range[0] - start), match: false });
        cursor = range[0];
      } else {
        const stop = Math.min(range[1], end);
        out.push({ ...segment, text: segment.text.slice(cursor - start, stop - start), match: true });
        cursor = stop;
      }
    }
    offset = end;
  }
  return out;
}
