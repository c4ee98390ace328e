"use client";

import { Bell, Check, CheckCheck, Settings } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { loadBellAction, markNotificationsReadAction } from "@/app/(app)/notifications/actions";
import { useRoom } from "@/components/realtime/use-room";
import { cn } from "@/components/ui/cn";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { EVENTS, rooms } from "@/lib/realtime/names";
import { timeAgo } from "@/lib/format";
import { addIncoming, badgeText, markRead, mergeSnapshot, type BellItem, type BellState } from "@/lib/notifications-view/notifications";
import { useDismiss } from "@/components/ui/use-dismiss";

function markOnServer(ids: number[] | "all") {
  const formData = new FormData();
  if (ids === "all") formData.set("all", "1");
  else formData.set("ids", ids.join(","));
  return markNotificationsReadAction(initialActionState, formData).catch(() => undefined);
}

/**
 * The header's notification centre. The server renders the first state; new notifications arrive live on the user's
 * room, and every (re)connect re-reads the list, so nothing is missed while offline. Marking read is optimistic.
 */
export function NotificationBell({ userId, initial }: { userId: number; initial: BellState }) {
  const [state, setState] = useState<BellState>(initial);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [now, setNow] = useState(() => Date.now());
  const ref = useRef<HTMLDivElement>(null);

  // The layout re-renders with a fresh list (navigation after a server action, router.refresh): take it in.
  const initialKey = JSON.stringify(initial);
  useEffect(() => {
    setState((s) => mergeSnapshot(s, JSON.parse(initialKey) as BellState));
  }, [initialKey]);

  const resync = useCallback(async () => {
    try {
      const answer = (await loadBellAction(initialActionState, new FormData())) as ActionState<BellState>;
      if (answer.ok && answer.data) setState((s) => mergeSnapshot(s, answer.data!));
    } catch {
      // offline: the live stream (or the next reconnect) brings it
    }
  }, []);

  const connection = useRoom(
    rooms.user(userId),
    {
      [EVENTS.notification]: (payload: Omit<BellItem, "read">) => {
        setState((s) => addIncoming(s, payload));
        setAnnouncement(`New notification: ${payload.title}`);
      },
    },
    resync,
  );

  useDismiss(open, ref, () => setOpen(false));
  useEffect(() => {
    if (open) setNow(Date.now());
  }, [open]);

  const read = (ids: number[] | "all") => {
    setState((s) => markRead(s, ids));
    void markOnServer(ids);
  };

  const label = state.unread ? `Notifications, ${state.unread} unread` : "Notifications";
  return (
    <div className="relative" ref={ref} data-testid="notification-bell" data-connection={connection}>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={label}
        onClick={() => setOpen((v) => !v)}
        className="relative flex h-8 w-8 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-200/60 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <Bell size={17} aria-hidden />
        {state.unread ? (
          <span
            data-testid="notification-badge"
            aria-hidden
            className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] leading-none font-semibold text-white ring-2 ring-white tabular-nums dark:ring-zinc-950"
          >
            {badgeText(state.unread)}
          </span>
        ) : null}
      </button>
      <span aria-live="polite" className="sr-only">
        {announcement}
      </span>
      {open ? (
        <div
          role="dialog"
          aria-label="Notifications"
          className="fixed inset-x-4 top-14 z-50 overflow-hidden rounded-lg sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-2 sm:w-96 border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <h2 className="text-sm font-semibold">
              Notifications{state.unread ? <span className="ml-1.5 text-xs font-normal text-zinc-500">{state.unread} unread</span> : null}
            </h2>
            {state.unread ? (
              <button type="button" onClick={() => read("all")} className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs text-accent-600 hover:bg-accent-50 dark:text-accent-500 dark:hover:bg-accent-600/10">
                <CheckCheck size={13} aria-hidden /> Mark all read
              </button>
            ) : null}
          </div>
          {state.items.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Nothing yet. Failed runs, finished batches and schedule problems show up here.</p>
          ) : (
            <ul className="max-h-[26rem] divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800" aria-label="Recent notifications">
              {state.items.map((n) => (
                <li key={n.id} data-testid="notification-item" data-read={n.read} className={cn("group flex items-start gap-2 px-3 py-2.5", !n.read && "bg-accent-50/50 dark:bg-accent-600/5")}>
                  <span aria-hidden className={cn("mt-1.5 h-2 w-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-accent-600")} />
                  <div className="min-w-0 flex-1">
                    {n.link ? (
                      <Link
                        href={n.link}
                        onClick={() => {
                          if (!n.read) read([n.id]);
                          setOpen(false);
                        }}
                        className="block text-sm font-medium hover:underline"
                      >
                        {n.title}
                      </Link>
                    ) : (
                      <p className="text-sm font-medium">{n.title}</p>
                    )}
                    {n.body ? <p className="mt-0.5 line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400">{n.body}</p> : null}
                    <p className="mt-0.5 text-[11px] text-zinc-500" title={n.createdAt}>
                      {timeAgo(n.createdAt, now)}
                      {n.read ? "" : " · unread"}
                    </p>
                  </div>
                  {!n.read ? (
                    <button
                      type="button"
                      onClick={() => read([n.id])}
                      aria-label={`Mark “${n.title}” read`}
                      title="Mark read"
                      className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
                    >
                      <Check size={14} aria-hidden />
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <div className="flex items-center justify-between border-t border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
            <Link href="/notifications" onClick={() => setOpen(false)} className="font-medium text-accent-600 hover:underline dark:text-accent-500">
              All notifications
            </Link>
            <Link href="/settings/notifications" onClick={() => setOpen(false)} className="inline-flex items-center gap-1 text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
              <Settings size={12} aria-hidden /> Preferences
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
