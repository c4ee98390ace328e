import type { RunLogDto } from "@/lib/services/runs/run-dto";
import { ansiSegments, plainTextOf, type AnsiSegment } from "./ansi";

/** A console line ready to render: ANSI parsed once when it arrives, plain text kept for search. */
export type ConsoleLine = RunLogDto & { segments: AnsiSegment[]; plain: string };

export function toConsoleLine(line: RunLogDto): ConsoleLine {
  const segments = ansiSegments(line.text);
  return { ...line, segments, plain: plainTextOf(segments) };
}

/** How many lines a page keeps in memory; older ones stay in the downloadable console. */
export const MAX_CONSOLE_LINES = 5000;

/**
 * Adds incoming lines to what we hold: ordered by `seq`, never the same `seq` twice (a reconnect fetch and the live
 * stream overlap), trimmed to the newest `max`. Returns the same array when nothing is new, so React skips a render.
 */
export function mergeLogLines<T extends { seq: number }>(held: T[], incoming: T[], max = MAX_CONSOLE_LINES): T[] {
  if (incoming.length === 0) return held;
  const last = held.length ? held[held.length - 1].seq : 0;
  const known = new Set<number>();
  let appendOnly = true;
  const fresh: T[] = [];
  for (const line of incoming) {
    if (known.has(line.seq)) continue;
    known.add(line.seq);
    if (line.seq <= last) {
      appendOnly = false;
      continue;
    }
    fresh.push(line);
  }
  let merged: T[];
  if (appendOnly) {
    if (fresh.length === 0) return held;
    fresh.sort((a, b) => a.seq - b.seq);
    merged = held.concat(fresh);
  } else {
    // A gap being filled (lines older than our newest): rare, so the simple way.
    const bySeq = new Map(held.map((l) => [l.seq, l]));
    let added = false;
    for (const line of incoming) {
      if (!bySeq.has(line.seq)) {
        bySeq.set(line.seq, line);
        added = true;
      }
    }
    if (!added) return held;
    merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

export const lastSeqOf = (lines: Array<{ seq: number }>): number => (lines.length ? lines[lines.length - 1].seq : 0);

/**
 * After a reconnect: what to fetch to catch up. A small gap is read with `logs?after=`; a gap larger than we would
 * keep anyway is read as the tail, and the view says that earlier lines are only in the download.
 */
export type LogCatchUp = { kind: "none" } | { kind: "after"; after: number } | { kind: "tail"; tail: number };

export function planLogCatchUp(heldLastSeq: number, serverLastSeq: number, max = MAX_CONSOLE_LINES): LogCatchUp {
  if (serverLastSeq <= heldLastSeq) return { kind: "none" };
  if (serverLastSeq - heldLastSeq > max) return { kind: "tail", tail: max };
  return { kind: "after", after: heldLastSeq };
}

/**
 * The highest sequence number up to which we hold every line, starting from `synced`. Live lines that arrive right
 * after a reconnect can land beyond a gap; the catch-up fetch must start at the gap, not at the newest line held.
 */
export function advanceSyncedSeq(lines: Array<{ seq: number }>, synced: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].seq <= synced) lo = mid + 1;
    else hi = mid;
  }
  let next = synced;
  for (let i = lo; i < lines.length && lines[i].seq === next + 1; i++) next = lines[i].seq;
  return next;
}
