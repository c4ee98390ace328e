import type http from "node:http";
import crypto from "node:crypto";
import { decode } from "next-auth/jwt";
import { Server, type Socket } from "socket.io";
import type { Actor } from "@/lib/auth/actor";
import { actorFromToken } from "@/lib/auth/session-token";
import { EVENTS, INTERNAL_NAMESPACE, PublishMessage, RoomSchema } from "./events";
import { canJoinRoom } from "./room-access";
import { registerIo } from "./publish";

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
 * socket.io on the web server's port. Browsers authenticate in the handshake with their next-auth session cookie and
 * must be authorised for every room they join; the worker authenticates on /internal with the shared secret from
 * DATA_DIR and may only publish.
 */
export function attachSocketServer(
  httpServer: http.Server,
  opts: { nextAuthSecret: string; internalSecret: string; secureCookie: boolean },
): Server {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
  const cookieName = opts.secureCookie ? "__Secure-next-auth.session-token" : "next-auth.session-token";

  io.use(async (socket, next) => {
    try {
      const raw = readCookie(socket.handshake.headers.cookie, cookieName);
      const token = raw ? await decode({ token: raw, secret: opts.nextAuthSecret }) : null;
      const actor = actorFromToken(token as { sub?: string; sv?: unknown } | null);
      if (!actor) return next(new Error("unauthorized"));
      socket.data.actor = actor;
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
  const leave = (socket: Socket, room: string) => {
    socket.leave(room);
    if (presence.get(room)?.delete(socket.id)) announce(room);
  };

  io.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    socket.join(`user:${actor.id}`);
    socket.on("subscribe", (room: unknown, ack?: (result: { ok: boolean; error?: string }) => void) => {
      const parsed = RoomSchema.safeParse(room);
      if (!parsed.success || !canJoinRoom(actor, parsed.data)) {
        ack?.({ ok: false, error: "forbidden" });
        return;
      }
      socket.join(parsed.data);
      ack?.({ ok: true });
      if (tracked(parsed.data)) {
        const members = presence.get(parsed.data) ?? presence.set(parsed.data, new Map()).get(parsed.data)!;
        members.set(socket.id, { id: actor.id, name: actor.name });
        announce(parsed.data);
      }
    });
    socket.on("unsubscribe", (room: unknown) => {
      // The user's own room (notifications, private runs) lasts as long as the connection.
      if (typeof room === "string" && room !== `user:${actor.id}`) leave(socket, room);
    });
    socket.on("disconnecting", () => {
      for (const room of [...socket.rooms]) if (tracked(room)) leave(socket, room);
    });
  });

  const internal = io.of(INTERNAL_NAMESPACE);
  internal.use((socket, next) => {
    const secret = socket.handshake.auth?.secret;
    if (typeof secret === "string" && safeEqual(secret, opts.internalSecret)) return next();
    next(new Error("unauthorized"));
  });
  internal.on("connection", (socket) => {
    socket.on("publish", (message: unknown) => {
      const parsed = PublishMessage.safeParse(message);
      if (parsed.success) io.to(parsed.data.room).emit(parsed.data.event, parsed.data.payload);
    });
  });

  const revisitRunRooms = (runId: number) => {
    const affected = [...io.sockets.adapter.rooms.keys()].filter(
      (room) => room === `run:${runId}` || (room.startsWith("comparison:runs:") && room.slice("comparison:runs:".length).split(",").includes(String(runId))),
    );
    for (const room of affected) {
      for (const socketId of [...(io.sockets.adapter.rooms.get(room) ?? [])]) {
        const socket = io.sockets.sockets.get(socketId);
        if (!socket || canJoinRoom(socket.data.actor as Actor, room)) continue;
        leave(socket, room);
        socket.emit(EVENTS.roomRevoked, { room });
      }
    }
  };
  registerIo(io, revisitRunRooms);
  return io;
}
