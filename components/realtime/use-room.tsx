"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";

let shared: Socket | null = null;

/** One socket.io connection per tab, authenticated by the session cookie in the handshake. */
function getSocket(): Socket {
  shared ??= io({ withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  return shared;
}

export type ConnectionState = "connecting" | "live" | "offline";

/** How many mounted hooks follow each room in this tab (joining twice is harmless; leaving early is not). */
const subscribers = new Map<string, number>();

/**
 * Joins a room and listens to its events. After every (re)connect it calls `resync`, so the page first re-reads the
 * current state from the server (the DB is the source of truth) and then applies the stream — nothing is missed after
 * a network drop, and handlers dedupe by sequence/id.
 */
export function useRoom(
  room: string | null,
  handlers: Record<string, (payload: any) => void>, // eslint-disable-line @typescript-eslint/no-explicit-any -- payload shapes are per event
  resync?: () => void,
): ConnectionState {
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
      socket.emit("subscribe", room, (result: { ok: boolean }) => {
        setState(result?.ok ? "live" : "offline");
        if (result?.ok) resyncRef.current?.();
      });
    };
    const onDisconnect = () => setState("offline");
    const listeners = Object.keys(handlersRef.current).map((event) => {
      const listener = (payload: unknown) => handlersRef.current[event]?.(payload);
      socket.on(event, listener);
      return [event, listener] as const;
    });
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      for (const [event, listener] of listeners) socket.off(event, listener);
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
