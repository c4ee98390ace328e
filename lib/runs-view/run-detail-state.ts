import type { RunLogDto } from "@/lib/services/runs/run-dto";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { advanceSyncedSeq, lastSeqOf, mergeLogLines, toConsoleLine, type ConsoleLine } from "./log-lines";
import { mergeRun, queueLengthOf, withProgress, type QueueChangedEvent, type RunProgressEvent } from "./merge-runs";

/**
 * What the live run page holds: the run, the console lines (the newest MAX_CONSOLE_LINES), the sequence number up to
 * which those lines have no gap (where a reconnect's catch-up starts), and the queue length.
 */
export type RunDetailState = { run: RunDto; lines: ConsoleLine[]; syncedSeq: number; queueLength: number };

export type RunDetailAction =
  | { type: "run:updated"; run: RunDto }
  | { type: "run:progress"; event: RunProgressEvent }
  | { type: "run:logs"; runId: number; lines: RunLogDto[] }
  /** A catch-up that skipped a gap too large to keep: the held lines are replaced by the tail. */
  | { type: "logs:tail"; lines: RunLogDto[] }
  | { type: "queue:changed"; positions: QueueChangedEvent };

/** `lines` is the server-rendered tail: everything up to its last line counts as held. */
export function initRunDetail({ run, lines, queueLength }: { run: RunDto; lines: RunLogDto[]; queueLength: number }): RunDetailState {
  const held = mergeLogLines([], lines.map(toConsoleLine));
  return { run, lines: held, syncedSeq: lastSeqOf(held), queueLength };
}

function withLogs(state: RunDetailState, incoming: RunLogDto[]): RunDetailState {
  const lastHeld = lastSeqOf(state.lines);
  // Parse only lines we do not hold yet (a fresh server render or an overlapping catch-up repeats many).
  let fresh = incoming;
  if (!incoming.every((l) => l.seq > lastHeld)) {
    const held = new Set(state.lines.map((l) => l.seq));
    fresh = incoming.filter((l) => !held.has(l.seq));
  }
  if (fresh.length === 0) return state;
  const lines = mergeLogLines(state.lines, fresh.map(toConsoleLine));
  if (lines === state.lines) return state;
  // When trimming dropped our oldest lines, a gap that lay among them no longer matters: continue from what is left.
  const trimmed = state.lines.length > 0 && lines[0].seq > state.lines[0].seq;
  const syncedSeq = advanceSyncedSeq(lines, trimmed ? Math.max(state.syncedSeq, lines[0].seq - 1) : state.syncedSeq);
  const newest = lastSeqOf(lines);
  const run = newest > state.run.lastLogSeq ? { ...state.run, lastLogSeq: newest } : state.run;
  return { ...state, lines, syncedSeq, run };
}

export function runDetailReducer(state: RunDetailState, action: RunDetailAction): RunDetailState {
  switch (action.type) {
    case "run:updated": {
      const run = mergeRun(state.run, action.run);
      return run === state.run ? state : { ...state, run: { ...run, lastLogSeq: Math.max(run.lastLogSeq, state.run.lastLogSeq) } };
    }
    case "run:progress": {
      const run = withProgress(state.run, action.event);
      return run === state.run ? state : { ...state, run };
    }
    case "run:logs":
      return action.runId === state.run.id ? withLogs(state, action.lines) : state;
    case "logs:tail": {
      const lines = mergeLogLines([], action.lines.map(toConsoleLine));
      return { ...state, lines, syncedSeq: lastSeqOf(lines) };
    }
    case "queue:changed": {
      const queueLength = queueLengthOf(action.positions);
      const position = state.run.status === "queued" ? (action.positions[String(state.run.id)] ?? null) : state.run.queuePosition;
      if (queueLength === state.queueLength && position === state.run.queuePosition) return state;
      return { ...state, queueLength, run: position === state.run.queuePosition ? state.run : { ...state.run, queuePosition: position } };
    }
  }
}
