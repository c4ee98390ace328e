import type { Server } from "socket.io";
import { INTERNAL_NAMESPACE, WORKER_EVENTS, type Publisher } from "./events";

/** What server.ts's socket server does on request of services running in the same process. */
type RoomKeeper = {
  revisitRunRooms(runId: number): void;
  revisitUserSessions(userId: number): void;
};

const globalForIo = globalThis as unknown as { __lmmsDashboardIo?: Server; __lmmsDashboardRooms?: RoomKeeper };

/**
 * server.ts registers the socket.io server here (and how to re-check who may stay in rooms); Next's bundle and the
 * tsx graph share them through globalThis.
 */
export function registerIo(io: Server, keeper: RoomKeeper): void {
  globalForIo.__lmmsDashboardIo = io;
  globalForIo.__lmmsDashboardRooms = keeper;
}

/**
 * Publishing from inside the web process (server actions, route handlers). The database is always written first and
 * the event second, so a missing socket server (tests, CLI) loses nothing: clients re-read state when they connect.
 */
export const webPublisher: Publisher = {
  publish(room, event, payload) {
    // socket.io types the pair by the event map; a generic event cannot be narrowed further here.
    globalForIo.__lmmsDashboardIo?.to(room).emit(event, payload as never);
  },
  wakeWorker() {
    globalForIo.__lmmsDashboardIo?.of(INTERNAL_NAMESPACE).emit(WORKER_EVENTS.wake);
  },
  revisitRunRooms(runId) {
    globalForIo.__lmmsDashboardRooms?.revisitRunRooms(runId);
  },
};

/**
 * A user's session was invalidated (disabled, role changed, password reset): their open sockets end now. Without a
 * socket server in this process (the admin CLI) it does nothing, and the server's periodic check ends them instead.
 */
export function revisitUserSessions(userId: number): void {
  globalForIo.__lmmsDashboardRooms?.revisitUserSessions(userId);
}
