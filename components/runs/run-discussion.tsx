"use client";

import { Activity, CircleDot, MessageSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { loadActivityAction } from "@/app/(app)/comments/actions";
import { DiscussionPanel, type Viewer } from "@/components/comments/discussion-panel";
import { callAction } from "@/components/comments/use-discussion";
import { useRoom } from "@/components/realtime/use-room";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { DiscussionComment } from "@/lib/comments-view/thread";
import { formatDateTime, timeAgo } from "@/lib/format";
import { EVENTS, rooms } from "@/lib/realtime/names";
import type { ActivityItem } from "@/lib/services/comments/sharing";
import { useRunLive } from "./run-live";

/** The run's timeline — queued, started, cancelled by X, comment by Y, re-run as #N — re-read when something happens. */
function RunActivity({ runId, initial }: { runId: number; initial: ActivityItem[] }) {
  const { run, now } = useRunLive();
  const [items, setItems] = useState(initial);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = useCallback(() => {
    // Bursts (a comment and its edit, a status change and its progress) cost one re-read.
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(async () => {
      const answer = await callAction<ActivityItem[]>(loadActivityAction, { runId: String(runId) });
      if (answer.ok && answer.data) setItems(answer.data);
    }, 300);
  }, [runId]);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  useRoom(rooms.run(runId), { [EVENTS.commentCreated]: reload, [EVENTS.commentUpdated]: reload, [EVENTS.commentDeleted]: reload }, reload);
  // The server rendered the current timeline and joining the room re-reads it; afterwards a change of state adds events.
  const seenState = useRef(`${run.status}:${run.cancelRequested}`);
  useEffect(() => {
    const state = `${run.status}:${run.cancelRequested}`;
    if (state === seenState.current) return;
    seenState.current = state;
    reload();
  }, [run.status, run.cancelRequested, reload]);

  if (items.length === 0) return <p className="px-2 py-3 text-sm text-zinc-500">Nothing has happened yet.</p>;
  return (
    <ol className="relative space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800" data-testid="run-activity">
      {items.map((item, i) => (
        <li key={`${item.at}-${i}`} className="relative text-sm">
          <span className={cn("absolute -left-[1.42rem] top-0.5 rounded-full bg-white dark:bg-zinc-900", item.kind === "comment" ? "text-accent-600" : "text-zinc-400")}>
            {item.kind === "comment" ? <MessageSquare size={13} aria-hidden /> : <CircleDot size={13} aria-hidden />}
          </span>
          <p className="break-words">
            {item.actor ? <span className="font-medium">{item.actor} </span> : null}
            {item.commentId ? (
              <a href={`#comment-${item.commentId}`} className="hover:underline">
                {item.text}
              </a>
            ) : item.link ? (
              <a href={item.link} className="text-accent-600 hover:underline dark:text-accent-500">
                {item.text}
              </a>
            ) : (
              item.text
            )}
          </p>
          <time dateTime={item.at} title={formatDateTime(item.at)} className="text-xs text-zinc-500">
            {timeAgo(item.at, now)}
          </time>
        </li>
      ))}
    </ol>
  );
}

/**
 * Beside the run's live progress: its discussion (the run's live chat) and its activity timeline. If the run turns
 * private and this viewer loses access, the page re-renders into "not found".
 */
export function RunDiscussion({ comments, activity, viewer, canComment }: { comments: DiscussionComment[]; activity: ActivityItem[]; viewer: Viewer; canComment: boolean }) {
  const { run, now } = useRunLive();
  const router = useRouter();
  const [tab, setTab] = useState<"discussion" | "activity">("discussion");
  const tabs = [
    { id: "discussion", label: "Discussion", icon: MessageSquare },
    { id: "activity", label: "Activity", icon: Activity },
  ] as const;
  return (
    <Card className="flex max-h-[36rem] min-h-72 flex-col">
      <div role="tablist" aria-label="Run discussion and activity" className="flex gap-1 border-b border-zinc-200 px-2 pt-1.5 dark:border-zinc-800">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            id={`run-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`run-tabpanel-${t.id}`}
            onClick={() => setTab(t.id)}
            className={cn(
              "-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 py-1.5 text-sm",
              tab === t.id ? "border-accent-600 font-medium text-zinc-900 dark:text-zinc-100" : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200",
            )}
          >
            <t.icon size={13} aria-hidden /> {t.label}
          </button>
        ))}
      </div>
      <div id="run-tabpanel-discussion" role="tabpanel" aria-labelledby="run-tab-discussion" hidden={tab !== "discussion"} className="min-h-0 flex-1 px-3 py-3 [&:not([hidden])]:flex">
        <DiscussionPanel
          className="w-full"
          scope={{ runId: run.id }}
          initial={comments}
          viewer={viewer}
          canComment={canComment}
          serverNow={now}
          emptyText="No comments yet. Ask a question, flag a problem, @mention a teammate."
          onRevoked={() => router.refresh()}
        />
      </div>
      <div id="run-tabpanel-activity" role="tabpanel" aria-labelledby="run-tab-activity" hidden={tab !== "activity"} className="min-h-0 flex-1 overflow-y-auto px-5 py-3">
        <RunActivity runId={run.id} initial={activity} />
      </div>
    </Card>
  );
}
