import type { Server } from "socket.io";
import { INTERNAL_NAMESPACE, WORKER_EVENTS, type Publisher } from "./events";

const globalForIo = globalThis as unknown as { __lmmsDashboardIo?: Server; __lmmsDashboardRevisit?: (runId: number) => void };

/**
 * server.ts registers the socket.io server here (and how to re-check who may stay in a run's rooms); Next's bundle
 * and the tsx graph share them through globalThis.
 */
export function registerIo(io: Server, revisitRunRooms: (runId: number) => void): void {
  globalForIo.__lmmsDashboardIo = io;
  globalForIo.__lmmsDashboardRevisit = revisitRunRooms;
}

/**
 * Publishing from inside the web process (server actions, route handlers). The database is always written first and
 * the event second, so a missing socket server (tests, CLI) loses nothing: clients re-read state when they connect.
 */
export const webPublisher: Publisher = {
  publish(room, event, payload) {
    globalForIo.__lmmsDashboardIo?.to(room).emit(event, payload);
  },
  wakeWorker() {
    globalForIo.__lmmsDashboardIo?.of(INTERNAL_NAMESPACE).emit(WORKER_EVENTS.wake);
  },
  revisitRunRooms(runId) {
    globalForIo.__lmmsDashboardRevisit?.(runId);
  },
};
