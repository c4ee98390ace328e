import { z } from "zod";

/**
 * The web↔worker↔browser contract in one file (house style 12): room names, event names and their payloads.
 * The worker publishes through the web process's `/internal` namespace; the web relays to browser rooms.
 */

export const INTERNAL_NAMESPACE = "/internal";

export const rooms = {
  /** Everyone allowed to see the runs list. */
  runs: "runs",
  run: (runId: number) => `run:${runId}`,
  user: (userId: number) => `user:${userId}`,
  comparison: (key: string) => `comparison:${key}`,
} as const;

export const RoomSchema = z.union([
  z.literal("runs"),
  z.string().regex(/^run:\d+$/),
  z.string().regex(/^user:\d+$/),
  z.string().regex(/^comparison:runs:\d+(,\d+)+$/),
]);

/** Events a browser can receive. Payload shapes live beside the feature that emits them. */
export const EVENTS = {
  runUpdated: "run:updated",
  runLogs: "run:logs",
  runProgress: "run:progress",
  workerHeartbeat: "worker:heartbeat",
  /** A run left this list (it became private): `{ id }`. */
  runRemoved: "run:removed",
  /** Who is looking at a room: `{ room, users: [{ id, name }] }`. */
  presence: "presence",
  /** Discussions, to the run's room (run and sample comments) or the comparison's: the comment (deleted: `{ id }`). */
  commentCreated: "comment:created",
  commentUpdated: "comment:updated",
  commentDeleted: "comment:deleted",
  /** A new in-app notification, to room user:<id>. */
  notification: "notification:new",
  /** You were removed from a room because you may no longer see it (a run turned private): `{ room }`. */
  roomRevoked: "room:revoked",
  /** `{ [runId]: position }` for every queued run. */
  queueChanged: "queue:changed",
} as const;

export const PublishMessage = z.object({
  room: RoomSchema,
  event: z.string().min(1).max(100),
  payload: z.unknown(),
});
export type PublishMessage = z.infer<typeof PublishMessage>;

/** Web → worker nudges on /internal (the worker also polls the DB, so a lost nudge only costs latency). */
export const WORKER_EVENTS = { wake: "worker:wake" } as const;

export type Publisher = {
  publish(room: string, event: string, payload: unknown): void;
  /** Tells the worker that the queue or a cancellation changed, so it need not wait for its next poll. */
  wakeWorker(): void;
  /**
   * Who may see a run changed: sockets in its room (and in comparison rooms that include it) whose user may no
   * longer see it are removed at once. Only the web process holds rooms; elsewhere this does nothing.
   */
  revisitRunRooms(runId: number): void;
};
