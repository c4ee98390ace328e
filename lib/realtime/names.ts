/**
 * Room and event names of the realtime contract, with no imports so browser code can use them without pulling in
 * the payload schemas (and the server modules behind them). The payloads are in events.ts.
 */

export const INTERNAL_NAMESPACE = "/internal";

export const rooms = {
  /** Everyone allowed to see the runs list. */
  runs: "runs",
  run: (runId: number) => `run:${runId}`,
  user: (userId: number) => `user:${userId}`,
  comparison: (key: string) => `comparison:${key}`,
} as const;

/** Events a browser can receive. Their payloads: EVENT_PAYLOADS in events.ts. */
export const EVENTS = {
  runUpdated: "run:updated",
  runLogs: "run:logs",
  runProgress: "run:progress",
  workerHeartbeat: "worker:heartbeat",
  /** A run left this list (it became private). */
  runRemoved: "run:removed",
  /** Who is looking at a room. */
  presence: "presence",
  /** Discussions, to the run's room (run and sample comments) or the comparison's. */
  commentCreated: "comment:created",
  commentUpdated: "comment:updated",
  commentDeleted: "comment:deleted",
  /** A new in-app notification, to room user:<id>. */
  notification: "notification:new",
  /** You were removed from a room because you may no longer see it (a run turned private). */
  roomRevoked: "room:revoked",
  /** Every queued run's position. */
  queueChanged: "queue:changed",
  /** Your session ended (disabled, role changed, password reset, signed out): the server closes the socket next. */
  sessionEnded: "session:ended",
} as const;

/** Web → worker nudges on /internal (the worker also polls the DB, so a lost nudge only costs latency). */
export const WORKER_EVENTS = { wake: "worker:wake" } as const;
