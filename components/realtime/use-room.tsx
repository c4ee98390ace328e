"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, EventName, EventPayload, ServerToClientEvents, SubscribeResult } from "@/lib/realtime/events";
import { EVENTS } from "@/lib/realtime/names";

type BrowserSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: BrowserSocket | null = null;

/**
 * One socket.io connection per tab, authenticated by the session cookie in the handshake. When the server ends the
 * session (the user was disabled, their role changed, their password was reset) nothing on the page is valid any more:
 * go to sign-in, and come back here afterwards.
 */
function getSocket(): BrowserSocket {
  if (!shared) {
    shared = io({ withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    shared.on(EVENTS.sessionEnded, () => {
      window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    });
  }
  return shared;
}

/** Handlers by event name, each typed by the event's payload in the contract (lib/realtime/events.ts). */
export type RoomHandlers = { [E in EventName]?: (payload: EventPayload<E>) => void };

/** Forwards one event to whatever handler is current, so re-renders do not re-subscribe. */
function listen<E extends EventName>(socket: BrowserSocket, event: E, current: () => RoomHandlers): () => void {
  const listener = (payload: EventPayload<E>) => current()[event]?.(payload);
  // socket.io's conditional listener types cannot be resolved for a generic event; `listener` is exactly the map's
  // ServerToClientEvents[E].
  socket.on(event, listener as never);
  return () => void socket.off(event, listener as never);
}

export type ConnectionState = "connecting" | "live" | "offline";

/** How many mounted hooks follow each room in this tab (joining twice is harmless; leaving early is not). */
const subscribers = new Map<string, number>();

/**
 * Joins a room and listens to its events. After every (re)connect it calls `resync`, so the page first re-reads the
 * current state from the server (the DB is the source of truth) and then applies the stream — nothing is missed after
 * a network drop, and handlers dedupe by sequence/id.
 */
export function useRoom(room: string | null, handlers: RoomHandlers, resync?: () => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlersRef = useRef(handlers);
  const resyncRef = useRef(resync);
  handlersRef.current = handlers;
  resyncRef.current = resync;

  useEffect(() => {
    if (!room) return;
    const socket = getSocket();
    subscribers.set(room, (subscribers.get(room) ?? 0) + 1);
    const join = () => {
      socket.emit("subscribe", room, (result: SubscribeResult) => {
        setState(result.ok ? "live" : "offline");
        if (result.ok) resyncRef.current?.();
      });
    };
    const onDisconnect = () => setState("offline");
    const stopListening = (Object.keys(handlersRef.current) as EventName[]).map((event) => listen(socket, event, () => handlersRef.current));
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      for (const stop of stopListening) stop();
      // Several components may follow one room (the run page's progress and its discussion): leave it with the last.
      const left = (subscribers.get(room) ?? 1) - 1;
      if (left > 0) subscribers.set(room, left);
      else {
        subscribers.delete(room);
        socket.emit("unsubscribe", room);
      }
    };
  }, [room]);

  return state;
}

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const label = { connecting: "connecting…", live: "live", offline: "reconnecting…" }[state];
  const dot = { connecting: "bg-zinc-400", live: "bg-emerald-500", offline: "bg-amber-500" }[state];
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-500" data-testid="connection-state" data-state={state}>
      <span className={`h-2 w-2 rounded-full ${dot} ${state === "live" ? "animate-pulse" : ""}`} aria-hidden />
      {label}
    </span>
  );
}
