"use client";

import { MessageSquare, Pencil, Reply, Trash2, Users } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { deleteCommentAction, editCommentAction, postCommentAction } from "@/app/(app)/comments/actions";
import { ConnectionBadge } from "@/components/realtime/use-room";
import { useNow } from "@/components/ui/use-now";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { buildThreads, countVisible, presenceText, type DiscussionComment, type DiscussionScope, type ThreadNode } from "@/lib/comments-view/thread";
import { formatDateTime, timeAgo } from "@/lib/format";
import { CommentComposer } from "./comment-composer";
import { callAction, useDiscussion, type Discussion } from "./use-discussion";

export type Viewer = { id: number; name: string; role: "admin" | "member" | "viewer" };

/** Replies nest visually up to this depth; deeper replies line up with it so narrow panels stay readable. */
const MAX_INDENT = 3;

function Avatar({ name }: { name: string }) {
  return (
    <span aria-hidden className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700 dark:bg-accent-600/25 dark:text-accent-500">
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}

function sampleHref(runId: number, sample: { task: string; docId: number }, commentId: number) {
  return `/runs/${runId}/samples?task=${encodeURIComponent(sample.task)}&doc=${sample.docId}#comment-${commentId}`;
}

type Actions = {
  viewer: Viewer;
  canComment: boolean;
  withLabels: boolean;
  showSample: boolean;
  now: number;
  highlighted: number | null;
  reply: (parent: DiscussionComment, body: string) => Promise<string | null>;
  edit: (c: DiscussionComment, body: string, labels: string[]) => Promise<string | null>;
  remove: (c: DiscussionComment) => Promise<void>;
};

function CommentView({ node, depth, actions }: { node: ThreadNode; depth: number; actions: Actions }) {
  const c = node.comment;
  const [mode, setMode] = useState<"read" | "reply" | "edit">("read");
  const mine = c.author?.id === actions.viewer.id;
  const mayDelete = mine || actions.viewer.role === "admin";
  return (
    <li id={`comment-${c.id}`} data-testid="comment" data-comment-id={c.id} data-linked={actions.highlighted === c.id || undefined} className="scroll-mt-24">
      <div className={cn("group flex gap-2.5 rounded-md px-2 py-2", actions.highlighted === c.id && "bg-amber-50 ring-1 ring-amber-300 dark:bg-amber-950/30 dark:ring-amber-800")}>
        <Avatar name={c.author?.name ?? "?"} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-xs">
            <span className="font-semibold text-zinc-900 dark:text-zinc-100">{c.deleted ? "—" : (c.author?.name ?? "former member")}</span>
            <a href={`#comment-${c.id}`} className="text-zinc-500 hover:underline" title={formatDateTime(c.createdAt)}>
              <time dateTime={c.createdAt}>{timeAgo(c.createdAt, actions.now)}</time>
            </a>
            {c.editedAt && !c.deleted ? (
              <span className="text-zinc-400" title={`edited ${formatDateTime(c.editedAt)}`} data-testid="comment-edited">
                (edited)
              </span>
            ) : null}
            {actions.showSample && c.sample && c.runId !== null ? (
              <Link href={sampleHref(c.runId, c.sample, c.id)} className="font-mono text-accent-600 hover:underline dark:text-accent-500">
                on {c.sample.task} · doc {c.sample.docId}
              </Link>
            ) : null}
            {c.labels.map((l) => (
              <Badge key={l} tone="amber" className="py-0 text-[11px]">
                {l}
              </Badge>
            ))}
          </div>
          {c.deleted ? (
            <p className="mt-0.5 text-sm italic text-zinc-400">This comment was deleted.</p>
          ) : mode === "edit" ? (
            <div className="mt-1">
              <CommentComposer
                initialBody={c.body}
                initialLabels={c.labels}
                withLabels={actions.withLabels && c.sample !== null}
                submitLabel="Save"
                autoFocus
                onCancel={() => setMode("read")}
                onSubmit={async (body, labels) => {
                  const problem = await actions.edit(c, body, labels);
                  if (!problem) setMode("read");
                  return problem;
                }}
              />
            </div>
          ) : (
            // Rendered on the server by markdown-it with raw HTML disabled and links made inert-safe (see
            // lib/services/comments/markdown.ts): it is safe to inject.
            <div className="comment-body mt-0.5" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
          )}
          {!c.deleted && mode === "read" ? (
            <div className="mt-1 flex gap-1 text-xs opacity-70 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100">
              {actions.canComment ? (
                <button type="button" className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800" onClick={() => setMode("reply")}>
                  <Reply size={12} aria-hidden /> Reply
                </button>
              ) : null}
              {mine ? (
                <button type="button" className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800" onClick={() => setMode("edit")}>
                  <Pencil size={12} aria-hidden /> Edit
                </button>
              ) : null}
              {mayDelete ? (
                <ConfirmButton
                  question={mine ? "Delete your comment?" : `Delete ${c.author?.name ?? "this"}'s comment?`}
                  detail="Replies to it stay; it shows as deleted."
                  confirmLabel="Delete comment"
                  onConfirm={() => void actions.remove(c)}
                  renderTrigger={(open) => (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-zinc-600 hover:bg-red-50 hover:text-red-700 dark:text-zinc-400 dark:hover:bg-red-950/40"
                      onClick={open}
                    >
                      <Trash2 size={12} aria-hidden /> Delete
                    </button>
                  )}
                />
              ) : null}
            </div>
          ) : null}
          {mode === "reply" ? (
            <div className="mt-2">
              <CommentComposer
                submitLabel="Reply"
                placeholder={`Reply to ${c.author?.name ?? "this comment"}`}
                autoFocus
                onCancel={() => setMode("read")}
                onSubmit={async (body) => {
                  const problem = await actions.reply(c, body);
                  if (!problem) setMode("read");
                  return problem;
                }}
              />
            </div>
          ) : null}
        </div>
      </div>
      {node.replies.length ? (
        <ul className={cn("space-y-0.5", depth < MAX_INDENT && "ml-5 border-l border-zinc-200 pl-2 dark:border-zinc-800")}>
          {node.replies.map((r) => (
            <CommentView key={r.comment.id} node={r} depth={depth + 1} actions={actions} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The comment a link points at (`#comment-12`): scrolled to and highlighted once it is on the page. */
function useLinkedComment(discussion: Discussion): number | null {
  const [target, setTarget] = useState<number | null>(null);
  useEffect(() => {
    const read = () => {
      const match = /^#comment-(\d+)$/.exec(window.location.hash);
      setTarget(match ? Number(match[1]) : null);
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  const present = target !== null && discussion.comments.has(target);
  useEffect(() => {
    if (present) document.getElementById(`comment-${target}`)?.scrollIntoView({ block: "center" });
  }, [present, target]);
  return target;
}

/**
 * A live discussion: threads, replies, edits and deletions seen by everyone viewing without reloading, who else is
 * here, and a composer when the viewer may comment. The same panel serves a run (its live chat, sample comments
 * linked), one sample, and a comparison.
 */
export function DiscussionPanel({
  scope,
  initial,
  viewer,
  canComment,
  withLabels = false,
  title = "Discussion",
  emptyText = "No comments yet.",
  cannotCommentText = "You can read this discussion but not take part in it.",
  onRevoked,
  className,
  serverNow,
}: {
  /** The server's clock at render time, so "5 min ago" renders the same on both sides. */
  serverNow: number;
  scope: DiscussionScope;
  initial: DiscussionComment[];
  viewer: Viewer;
  canComment: boolean;
  withLabels?: boolean;
  title?: string;
  emptyText?: string;
  cannotCommentText?: string;
  onRevoked?: () => void;
  className?: string;
}) {
  const discussion = useDiscussion(scope, initial, onRevoked);
  const now = useNow(serverNow, true, 30_000);
  const highlighted = useLinkedComment(discussion);
  const threads = buildThreads(discussion.comments.values());
  const others = presenceText(discussion.present, viewer.id);
  const target = "comparison" in scope ? { comparison: scope.comparison } : { runId: scope.runId, ...(scope.sample ? { sample: scope.sample } : {}) };

  const post = async (fields: Record<string, unknown>): Promise<string | null> => {
    const answer = await callAction<DiscussionComment>(postCommentAction, { payload: { ...target, ...fields } });
    if (answer.ok && answer.data) discussion.accept(answer.data);
    return answer.ok ? null : (answer.message ?? "The comment could not be posted");
  };
  const actions: Actions = {
    viewer,
    canComment,
    withLabels,
    showSample: !("comparison" in scope) && !scope.sample,
    now,
    highlighted,
    reply: (parent, body) => post({ body, parentId: parent.id }),
    edit: async (c, body, labels) => {
      const answer = await callAction<DiscussionComment>(editCommentAction, { payload: { id: c.id, body, ...(c.sample ? { labels } : {}) } });
      if (answer.ok && answer.data) discussion.accept(answer.data);
      return answer.ok ? null : (answer.message ?? "The comment could not be saved");
    },
    remove: async (c) => {
      const answer = await callAction(deleteCommentAction, { id: String(c.id) });
      if (answer.ok) discussion.remove(c.id);
      else window.alert(answer.message ?? "The comment could not be deleted");
    },
  };

  const count = countVisible(threads);
  return (
    <section aria-label={title} className={cn("flex min-h-0 flex-col", className)} data-testid="discussion" data-connection={discussion.connection}>
      <header className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="flex items-center gap-1.5 text-sm font-semibold">
          <MessageSquare size={14} aria-hidden /> {title}
          <span className="font-normal text-zinc-500 tabular-nums" data-testid="comment-count">
            {count}
          </span>
        </h2>
        <div className="flex items-center gap-3">
          {others ? (
            <span className="inline-flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="presence" title={discussion.present.map((u) => u.name).join(", ")}>
              <Users size={12} aria-hidden /> {others}
            </span>
          ) : null}
          <ConnectionBadge state={discussion.connection} />
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto" aria-live="polite" aria-relevant="additions">
        {threads.length ? (
          <ul className="space-y-0.5">
            {threads.map((t) => (
              <CommentView key={t.comment.id} node={t} depth={0} actions={actions} />
            ))}
          </ul>
        ) : (
          <p className="px-2 py-3 text-sm text-zinc-500">{emptyText}</p>
        )}
      </div>
      <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        {canComment ? (
          <CommentComposer withLabels={withLabels} onSubmit={(body, labels) => post({ body, ...(withLabels && labels.length ? { labels } : {}) })} />
        ) : (
          <p className="text-xs text-zinc-500">{cannotCommentText}</p>
        )}
      </div>
    </section>
  );
}
