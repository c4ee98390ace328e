import type { RunDto } from "@/lib/services/runs/run-dto";
import { applyQueueChanged, applyRunProgress, applyRunUpdated, queueLengthOf, replaceRows, type ListContext, type QueueChangedEvent, type RunProgressEvent } from "./merge-runs";

/** What the live runs table holds: its rows, the filtered total, and how long the queue is (for move buttons). */
export type RunsListState = { rows: RunDto[]; total: number; queueLength: number };

export type RunsListAction =
  | { type: "run:updated"; run: RunDto; context: ListContext }
  | { type: "run:progress"; event: RunProgressEvent }
  | { type: "queue:changed"; positions: QueueChangedEvent }
  /** The run turned private and this viewer may no longer see it. */
  | { type: "run:removed"; id: number }
  /** A refetch after (re)connecting, or a fresh server render after an action. */
  | { type: "reloaded"; rows: RunDto[]; total: number; queueLength: number };

export function runsListReducer(state: RunsListState, action: RunsListAction): RunsListState {
  switch (action.type) {
    case "run:updated": {
      const rows = applyRunUpdated(state.rows, action.run, action.context);
      if (rows === state.rows) return state;
      const added = rows.length - state.rows.length;
      return { ...state, rows, total: state.total + added };
    }
    case "run:progress": {
      const rows = applyRunProgress(state.rows, action.event);
      return rows === state.rows ? state : { ...state, rows };
    }
    case "queue:changed": {
      const rows = applyQueueChanged(state.rows, action.positions);
      const queueLength = queueLengthOf(action.positions);
      return rows === state.rows && queueLength === state.queueLength ? state : { ...state, rows, queueLength };
    }
    case "run:removed": {
      const rows = state.rows.filter((r) => r.id !== action.id);
      return rows.length === state.rows.length ? state : { ...state, rows, total: Math.max(0, state.total - 1) };
    }
    case "reloaded":
      return { rows: replaceRows(state.rows, action.rows), total: action.total, queueLength: action.queueLength };
  }
}
