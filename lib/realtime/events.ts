import { z } from "zod";
import { StoredProgress } from "@/db/schema/json-shapes";
import { CommentDto } from "@/lib/services/comments/comment-dto";
import { PersonRef } from "@/lib/services/dto-fields";
import { NotificationDto } from "@/lib/services/notifications/notification-dto";
import { RunDto, RunLogDto } from "@/lib/services/runs/run-dto";
import { EVENTS, WORKER_EVENTS } from "./names";

export * from "./names";

/**
 * The web↔worker↔browser contract in one file (house style 12): rooms, event names (names.ts, importable by the
 * browser) and each event's payload as a zod schema. Publishers and the browser's useRoom are typed by this map, and
 * the web process validates what the worker publishes against it before relaying. The payload schemas come from
 * modules that import nothing of lib/realtime, so importing this file never closes a cycle.
 */

export const RoomSchema = z.union([
  z.literal("runs"),
  // Ids as the database gives them: positive, no leading zero, within JavaScript's safe integers.
  z.string().regex(/^run:[1-9]\d{0,14}$/),
  z.string().regex(/^user:[1-9]\d{0,14}$/),
  z.string().regex(/^comparison:runs:[1-9]\d{0,14}(,[1-9]\d{0,14})+$/),
]);

const RunRef = z.strictObject({ id: z.number() });
const RunProgressEvent = z.strictObject({ runId: z.number(), progress: StoredProgress });

export const EVENT_PAYLOADS = {
  [EVENTS.runUpdated]: RunDto,
  [EVENTS.runLogs]: z.strictObject({ runId: z.number(), lines: z.array(RunLogDto) }),
  [EVENTS.runProgress]: RunProgressEvent,
  [EVENTS.workerHeartbeat]: z.strictObject({ workerId: z.string(), at: z.number() }),
  [EVENTS.runRemoved]: RunRef,
  [EVENTS.presence]: z.strictObject({ room: z.string(), users: z.array(PersonRef) }),
  [EVENTS.commentCreated]: CommentDto,
  [EVENTS.commentUpdated]: CommentDto,
  [EVENTS.commentDeleted]: z.strictObject({ id: z.number(), runId: z.number().nullable(), comparison: z.string().nullable() }),
  [EVENTS.notification]: NotificationDto.omit({ read: true }),
  [EVENTS.roomRevoked]: z.strictObject({ room: z.string() }),
  /** run id → its position in the queue, for every queued run. */
  [EVENTS.queueChanged]: z.record(z.string(), z.number()),
  [EVENTS.sessionEnded]: z.strictObject({ reason: z.string() }),
} as const;

export type EventMap = { [E in keyof typeof EVENT_PAYLOADS]: z.infer<(typeof EVENT_PAYLOADS)[E]> };
export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

const EventNameSchema = z.enum(Object.keys(EVENT_PAYLOADS) as [EventName, ...EventName[]]);

/** What the worker sends on /internal: checked here, payload included, before the web process relays it. */
export const PublishMessage = z
  .strictObject({ room: RoomSchema, event: EventNameSchema, payload: z.unknown() })
  .transform((message, ctx) => {
    const payload = EVENT_PAYLOADS[message.event].safeParse(message.payload);
    if (!payload.success) {
      for (const issue of payload.error.issues) ctx.addIssue({ ...issue, path: ["payload", ...issue.path] });
      return z.NEVER;
    }
    return { ...message, payload: payload.data };
  });

export type Publisher = {
  publish<E extends EventName>(room: string, event: E, payload: EventPayload<E>): void;
  /** Tells the worker that the queue or a cancellation changed, so it need not wait for its next poll. */
  wakeWorker(): void;
  /**
   * Who may see a run changed: sockets in its room (and in comparison rooms that include it) whose user may no
   * longer see it are removed at once. Only the web process holds rooms; elsewhere this does nothing.
   */
  revisitRunRooms(runId: number): void;
};

/** The answer to a room join: refused joins never say whether the room exists. */
export type SubscribeResult = { ok: true } | { ok: false; error: "forbidden" | "unauthorized" | "error" };

/** socket.io's typed events, browser ↔ web: what the server emits (the map) and what a browser may send. */
export type ServerToClientEvents = { [E in EventName]: (payload: EventPayload<E>) => void };
export type ClientToServerEvents = {
  subscribe: (room: unknown, ack?: (result: SubscribeResult) => void) => void;
  unsubscribe: (room: unknown) => void;
};

/** worker ↔ web on /internal: the worker only publishes; the web only nudges it. */
export type WorkerToWebEvents = { publish: (message: unknown) => void };
export type WebToWorkerEvents = { [WORKER_EVENTS.wake]: () => void };
