import type http from "node:http";
import crypto from "node:crypto";
import { decode } from "next-auth/jwt";
import { Server, type Namespace, type Socket } from "socket.io";
import type { Actor } from "@/lib/auth/actor";
import { actorFromToken } from "@/lib/auth/session-token";
import {
  EVENTS,
  INTERNAL_NAMESPACE,
  PublishMessage,
  RoomSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResult,
  type WebToWorkerEvents,
  type WorkerToWebEvents,
} from "./events";
import { canJoinRoom } from "./room-access";
import { registerIo } from "./publish";

/** The session a browser socket was opened with: re-checked against the database, never trusted for long. */
type SessionClaims = { sub?: string; sv?: unknown; authAt?: unknown };
type SocketData = { actor: Actor; session: SessionClaims };
type ActorLookup = (session: SessionClaims) => Actor | null;
type BrowserSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * How often every open socket's session is re-checked. Changes made in the web process (disable, role change,
 * password reset from Settings or the REST API) end sockets at once; this catches the rest — above all
 * `npm run admin -- reset-password`, which runs in another process and cannot reach this one.
 */
const SESSION_CHECK_MS = 5_000;

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * socket.io on the web server's port. Browsers authenticate in the handshake with their next-auth session cookie;
 * the session is checked again (against the database: user enabled, session version current) on every room join and
 * every few seconds, and a socket whose session ended is told so and closed — a disabled user stops receiving events.
 * Every room join is authorised. The worker authenticates on /internal with the shared secret from DATA_DIR and may
 * only publish events of the contract (lib/realtime/events.ts), which are validated before they are relayed.
 */
export function attachSocketServer(
  httpServer: http.Server,
  opts: { nextAuthSecret: string; internalSecret: string; secureCookie: boolean; sessionCheckMs?: number },
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
  const cookieName = opts.secureCookie ? "__Secure-next-auth.session-token" : "next-auth.session-token";

  io.use(async (socket, next) => {
    try {
      const raw = readCookie(socket.handshake.headers.cookie, cookieName);
      const token = raw ? await decode({ token: raw, secret: opts.nextAuthSecret }) : null;
      // The session lifetime ends the socket too; the idle timeout does not (a page left open on a live run is in use,
      // and the cookie's last-seen time is renewed by page requests, not by this socket).
      const session: SessionClaims = { sub: token?.sub, sv: token?.sv, authAt: token?.authAt ?? (typeof token?.iat === "number" ? token.iat * 1000 : undefined) };
      const actor = actorFromToken(session);
      if (!actor) return next(new Error("unauthorized"));
      socket.data = { actor, session };
      next();
    } catch {
      next(new Error("unauthorized"));
    }
  });

  /** Who is in each presence-tracked room (run and comparison rooms): socket id → user, so tabs count once. */
  const presence = new Map<string, Map<string, { id: number; name: string }>>();
  const tracked = (room: string) => room.startsWith("run:") || room.startsWith("comparison:");
  const announce = (room: string) => {
    const users = [...new Map([...(presence.get(room)?.values() ?? [])].map((u) => [u.id, u])).values()];
    io.to(room).emit(EVENTS.presence, { room, users });
  };
  const leave = (socket: BrowserSocket, room: string) => {
    socket.leave(room);
    if (presence.get(room)?.delete(socket.id)) announce(room);
  };

  /**
   * The socket's user as the database has them now; null when the session ended: disabled, deleted, or a session
   * version bumped by a role change or password reset (exactly what ends it for pages and the API).
   */
  const currentActor = (socket: BrowserSocket, lookup: ActorLookup = actorFromToken): Actor | null => {
    const actor = lookup(socket.data.session);
    if (actor) socket.data.actor = actor;
    return actor;
  };
  const endSession = (socket: BrowserSocket) => {
    socket.emit(EVENTS.sessionEnded, { reason: "your session ended: sign in again" });
    socket.disconnect(true);
  };

  io.on("connection", (socket: BrowserSocket) => {
    socket.join(`user:${socket.data.actor.id}`);
    socket.on("subscribe", (room, ack) => {
      // A client that asks for no answer may still send a non-function last argument: never call it.
      const answer = (result: SubscribeResult) => (typeof ack === "function" ? ack(result) : undefined);
      try {
        const actor = currentActor(socket);
        if (!actor) {
          answer({ ok: false, error: "unauthorized" });
          return endSession(socket);
        }
        const parsed = RoomSchema.safeParse(room);
        if (!parsed.success || !canJoinRoom(actor, parsed.data)) return answer({ ok: false, error: "forbidden" });
        socket.join(parsed.data);
        answer({ ok: true });
        if (tracked(parsed.data)) {
          const members = presence.get(parsed.data) ?? presence.set(parsed.data, new Map()).get(parsed.data)!;
          members.set(socket.id, { id: actor.id, name: actor.name });
          announce(parsed.data);
        }
      } catch (error) {
        console.error("[realtime] a room join failed:", error);
        answer({ ok: false, error: "error" });
      }
    });
    socket.on("unsubscribe", (room) => {
      // The user's own room (notifications, private runs) lasts as long as the connection.
      if (typeof room === "string" && room !== `user:${socket.data.actor.id}`) leave(socket, room);
    });
    socket.on("disconnecting", () => {
      for (const room of [...socket.rooms]) if (tracked(room)) leave(socket, room);
    });
  });

  const internal = io.of(INTERNAL_NAMESPACE) as unknown as Namespace<WorkerToWebEvents, WebToWorkerEvents>;
  internal.use((socket, next) => {
    const secret = socket.handshake.auth?.secret;
    if (typeof secret === "string" && safeEqual(secret, opts.internalSecret)) return next();
    next(new Error("unauthorized"));
  });
  internal.on("connection", (socket) => {
    socket.on("publish", (message) => {
      const parsed = PublishMessage.safeParse(message);
      if (!parsed.success) {
        // A worker built from other code than this web process (a half-finished upgrade) must not reach browsers.
        const issue = parsed.error.issues[0];
        const event = typeof message === "object" && message !== null && "event" in message ? String(message.event).slice(0, 100) : "?";
        console.error(`[realtime] dropped a worker event "${event}" that breaks the contract: ${issue.path.join(".") || "message"}: ${issue.message}`);
        return;
      }
      // The map types each payload by its event; the pair was validated together just above.
      io.to(parsed.data.room).emit(parsed.data.event, parsed.data.payload as never);
    });
  });

  const revisitRunRooms = (runId: number) => {
    const affected = [...io.sockets.adapter.rooms.keys()].filter(
      (room) => room === `run:${runId}` || (room.startsWith("comparison:runs:") && room.slice("comparison:runs:".length).split(",").includes(String(runId))),
    );
    for (const room of affected) {
      for (const socketId of [...(io.sockets.adapter.rooms.get(room) ?? [])]) {
        const socket = io.sockets.sockets.get(socketId);
        if (!socket || canJoinRoom(socket.data.actor, room)) continue;
        leave(socket, room);
        socket.emit(EVENTS.roomRevoked, { room });
      }
    }
  };

  /** Re-checks the sessions of open sockets (one user's, or everyone's), reading each user once. */
  const revisitSessions = (userId?: number) => {
    const seen = new Map<string, Actor | null>();
    const lookup: ActorLookup = (session) => {
      const key = `${session.sub}:${String(session.sv)}`;
      if (!seen.has(key)) seen.set(key, actorFromToken(session));
      return seen.get(key) ?? null;
    };
    for (const socket of [...io.sockets.sockets.values()]) {
      if ((userId === undefined || socket.data.actor.id === userId) && !currentActor(socket, lookup)) endSession(socket);
    }
  };
  const sweep = setInterval(() => {
    try {
      revisitSessions();
    } catch (error) {
      console.error("[realtime] checking open sessions failed:", error);
    }
  }, opts.sessionCheckMs ?? SESSION_CHECK_MS);
  sweep.unref();
  httpServer.on("close", () => clearInterval(sweep));

  registerIo(io, { revisitRunRooms, revisitUserSessions: revisitSessions });
  return io;
}
