import { io, type Socket } from "socket.io-client";
import { INTERNAL_NAMESPACE, WORKER_EVENTS, type Publisher, type WebToWorkerEvents, type WorkerToWebEvents } from "../lib/realtime/events";

/**
 * The worker's way to reach browsers: a socket.io client on the web process's /internal namespace. State is always
 * in the DB first, so events emitted while the web process is down are simply dropped (socket.io buffers a few);
 * browsers re-read the DB when they reconnect. What it publishes is typed by the event map and validated against it
 * again by the web process before browsers get it.
 */
export function connectPublisher(opts: { port: number; secret: string; log: (msg: string) => void; onWake: () => void }): Publisher & {
  socket: Socket<WebToWorkerEvents, WorkerToWebEvents>;
  close(): void;
} {
  const socket: Socket<WebToWorkerEvents, WorkerToWebEvents> = io(`http://127.0.0.1:${opts.port}${INTERNAL_NAMESPACE}`, {
    auth: { secret: opts.secret },
    transports: ["websocket"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  let connected = false;
  socket.on("connect", () => {
    connected = true;
    opts.log("connected to the web process");
  });
  socket.on("disconnect", () => {
    if (connected) opts.log("disconnected from the web process; will reconnect");
    connected = false;
  });
  socket.on(WORKER_EVENTS.wake, () => opts.onWake());
  socket.on("connect_error", (error) => {
    if (error.message === "unauthorized") opts.log("the web process rejected the internal secret");
  });
  return {
    socket,
    publish(room, event, payload) {
      // Not volatile-free buffering: while disconnected, drop instead of replaying stale progress later.
      if (socket.connected) socket.emit("publish", { room, event, payload });
    },
    // Services running inside the worker (the scheduler's createRun) wake the worker's own loop directly.
    wakeWorker() {
      opts.onWake();
    },
    // Sharing is changed in the web process, never by the worker.
    revisitRunRooms() {},
    close() {
      socket.close();
    },
  };
}
