"use client";

import { Check, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";
import { markNotificationsReadAction } from "@/app/(app)/notifications/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormMessage } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import { formatDateTime } from "@/lib/format";
import { eventLabel, type BellItem } from "@/lib/notifications-view/notifications";

export function MarkAllReadButton({ disabled }: { disabled: boolean }) {
  const [state, action, pending] = useActionState(markNotificationsReadAction, initialActionState);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="all" value="1" />
      <input type="hidden" name="from" value="page" />
      <Button type="submit" variant="secondary" disabled={disabled || pending}>
        <CheckCheck size={15} aria-hidden /> Mark all read
      </Button>
      {!state.ok ? <FormMessage state={state} inline /> : null}
    </form>
  );
}

function MarkOneRead({ item }: { item: BellItem }) {
  const [, action, pending] = useActionState(markNotificationsReadAction, initialActionState);
  return (
    <form action={action}>
      <input type="hidden" name="ids" value={item.id} />
      <input type="hidden" name="from" value="page" />
      <Button type="submit" variant="ghost" size="sm" disabled={pending} aria-label={`Mark “${item.title}” read`}>
        <Check size={13} aria-hidden /> Mark read
      </Button>
    </form>
  );
}

export function NotificationList({ items }: { items: BellItem[] }) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Notifications">
      {items.map((n) => (
        <li key={n.id} data-testid="notification-row" data-read={n.read} className={cn("flex items-start gap-3 px-4 py-3", !n.read && "bg-accent-50/40 dark:bg-accent-600/5")}>
          <span aria-hidden className={cn("mt-2 h-2 w-2 shrink-0 rounded-full", n.read ? "bg-zinc-200 dark:bg-zinc-700" : "bg-accent-600")} />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              {n.link ? (
                <Link href={n.link} className="text-sm font-medium hover:underline">
                  {n.title}
                </Link>
              ) : (
                <span className="text-sm font-medium">{n.title}</span>
              )}
              <Badge>{eventLabel(n.event)}</Badge>
              {!n.read ? <span className="sr-only">unread</span> : null}
            </div>
            {n.body ? <p className="mt-0.5 text-sm whitespace-pre-line text-zinc-600 dark:text-zinc-400">{n.body}</p> : null}
            <p className="mt-0.5 text-xs text-zinc-500 tabular-nums">{formatDateTime(n.createdAt)}</p>
          </div>
          {!n.read ? <MarkOneRead item={n} /> : null}
        </li>
      ))}
    </ul>
  );
}
