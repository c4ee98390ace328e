/**
 * Word-level diff of two model responses (longest common subsequence over word and whitespace tokens). Responses are
 * short, so the O(n·m) table is cheap; beyond MAX_CELLS (after trimming the common prefix and suffix) the middle is
 * reported as one replacement instead of spending memory on a table nobody would read.
 */

export type DiffOp = "equal" | "insert" | "delete";
export type DiffSegment = { op: DiffOp; text: string };

const MAX_CELLS = 4_000_000;

/** Words, runs of whitespace and single punctuation marks, so "B." vs "B" differs only in ".". */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/**
 * Segments turning `before` into `after`: equal + delete spell `before`, equal + insert spell `after`. Adjacent
 * segments of the same kind are merged; a whitespace-only equal run between two changes is folded into them so the
 * highlight reads as one phrase.
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Array<{ op: DiffOp; token: string }> = [];
  for (let i = 0; i < start; i++) ops.push({ op: "equal", token: a[i] });
  ops.push(...lcsOps(a.slice(start, endA), b.slice(start, endB)));
  for (let i = endA; i < a.length; i++) ops.push({ op: "equal", token: a[i] });
  return foldWhitespace(merge(ops));
}

function lcsOps(a: string[], b: string[]): Array<{ op: DiffOp; token: string }> {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((token) => ({ op: "insert", token }));
  if (m === 0) return a.map((token) => ({ op: "delete", token }));
  if ((n + 1) * (m + 1) > MAX_CELLS) return [...a.map((token) => ({ op: "delete" as const, token })), ...b.map((token) => ({ op: "insert" as const, token }))];
  // table[i][j] = LCS length of a[i:] and b[j:], flattened row-major.
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const ops: Array<{ op: DiffOp; token: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: "equal", token: a[i] });
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      ops.push({ op: "delete", token: a[i++] });
    } else {
      ops.push({ op: "insert", token: b[j++] });
    }
  }
  while (i < n) ops.push({ op: "delete", token: a[i++] });
  while (j < m) ops.push({ op: "insert", token: b[j++] });
  return ops;
}

function merge(ops: Array<{ op: DiffOp; token: string }>): DiffSegment[] {
  const out: DiffSegment[] = [];
  for (const { op, token } of ops) {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += token;
    else out.push({ op, text: token });
  }
  return out;
}

/**
 * "the cat sat" → "a dog sat" gives delete "the", equal " ", insert "a", delete "cat", insert "dog"…: a lone space
 * kept as "equal" between changes splits one edit into confetti. Such spaces join both the deletion and the insertion.
 */
function foldWhitespace(segments: DiffSegment[]): DiffSegment[] {
  const changed = (s: DiffSegment | undefined) => s !== undefined && s.op !== "equal";
  const out: DiffSegment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k];
    if (s.op === "equal" && /^\s+$/.test(s.text) && changed(out[out.length - 1]) && changed(segments[k + 1])) {
      out.push({ op: "delete", text: s.text }, { op: "insert", text: s.text });
      continue;
    }
    out.push({ ...s });
  }
  // Regroup: within each maximal run of changes, all deletions first, then all insertions.
  const regrouped: DiffSegment[] = [];
  let run: DiffSegment[] = [];
  const flush = () => {
    const del = run.filter((s) => s.op === "delete").map((s) => s.text).join("");
    const ins = run.filter((s) => s.op === "insert").map((s) => s.text).join("");
    if (del) regrouped.push({ op: "delete", text: del });
    if (ins) regrouped.push({ op: "insert", text: ins });
    run = [];
  };
  for (const s of out) {
    if (s.op === "equal") {
      flush();
      regrouped.push(s);
    } else run.push(s);
  }
  flush();
  return regrouped;
}

/** The text of one side: "before" keeps equal + delete, "after" keeps equal + insert. */
export function sideOf(segments: DiffSegment[], side: "before" | "after"): DiffSegment[] {
  const drop: DiffOp = side === "before" ? "insert" : "delete";
  return segments.filter((s) => s.op !== drop);
}

/** Dice similarity of the two token sequences (1 = identical, 0 = nothing shared), whitespace ignored. */
export function similarity(segments: DiffSegment[]): number {
  const count = { equal: 0, insert: 0, delete: 0 };
  for (const s of segments) count[s.op] += tokenize(s.text).filter((t) => !/^\s+$/.test(t)).length;
  const total = 2 * count.equal + count.insert + count.delete;
  return total === 0 ? 1 : (2 * count.equal) / total;
}
