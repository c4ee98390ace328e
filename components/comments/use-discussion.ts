"use client";

import { useCallback, useMemo, useState } from "react";
import { loadCommentsAction } from "@/app/(app)/comments/actions";
import { useRoom, type ConnectionState } from "@/components/realtime/use-room";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { EVENTS } from "@/lib/realtime/names";
import { inScope, markDeleted, mergeComments, scopeRoom, type DiscussionComment, type DiscussionScope } from "@/lib/comments-view/thread";

/** Calls a server action with plain fields (objects go as one JSON `payload` field). */
export async function callAction<T>(
  action: (prev: ActionState, formData: FormData) => Promise<ActionState<unknown>>,
  fields: Record<string, unknown>,
): Promise<ActionState<T>> {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.set(key, typeof value === "string" ? value : JSON.stringify(value));
  try {
    return (await action(initialActionState, formData)) as ActionState<T>;
  } catch {
    return { ok: false, message: "The server could not be reached; check your connection and try again" };
  }
}

function scopeQuery(scope: DiscussionScope): Record<string, unknown> {
  if ("comparison" in scope) return { comparison: scope.comparison };
  return { runId: scope.runId, ...(scope.sample ? { task: scope.sample.task, docId: scope.sample.docId } : {}) };
}

export type Discussion = {
  comments: Map<number, DiscussionComment>;
  /** Everyone viewing the same run or comparison right now (me included). */
  present: Array<{ id: number; name: string }>;
  connection: ConnectionState;
  /** Takes in a comment this tab just wrote (its own event may arrive before or after; merged by id either way). */
  accept: (comment: DiscussionComment) => void;
  remove: (id: number) => void;
};

/**
 * A live discussion: the server renders the first list, events on the run's (or comparison's) room add, edit and
 * delete comments, and every (re)connect re-reads the list, so a dropped connection catches up without duplicates.
 */
export function useDiscussion(scope: DiscussionScope, initial: DiscussionComment[], onRevoked?: () => void): Discussion {
  const [comments, setComments] = useState(() => mergeComments(new Map(), initial));
  const [present, setPresent] = useState<Array<{ id: number; name: string }>>([]);
  const room = scopeRoom(scope);
  const scopeKey = JSON.stringify(scope);
  const stableScope = useMemo(() => JSON.parse(scopeKey) as DiscussionScope, [scopeKey]);

  const resync = useCallback(async () => {
    const answer = await callAction<DiscussionComment[]>(loadCommentsAction, { payload: scopeQuery(stableScope) });
    if (answer.ok && answer.data) setComments((known) => mergeComments(known, answer.data!));
  }, [stableScope]);

  const upsert = (c: DiscussionComment) => {
    if (inScope(stableScope, c)) setComments((known) => mergeComments(known, [c]));
  };
  const connection = useRoom(
    room,
    {
      [EVENTS.commentCreated]: upsert,
      [EVENTS.commentUpdated]: upsert,
      [EVENTS.commentDeleted]: (p: { id: number }) => setComments((known) => markDeleted(known, p.id)),
      [EVENTS.presence]: (p: { room: string; users: Array<{ id: number; name: string }> }) => {
        if (p.room === room) setPresent(p.users);
      },
      [EVENTS.roomRevoked]: (p: { room: string }) => {
        if (p.room === room) onRevoked?.();
      },
    },
    resync,
  );

  return {
    comments,
    present,
    connection,
    accept: (c) => setComments((known) => mergeComments(known, [c])),
    remove: (id) => setComments((known) => markDeleted(known, id)),
  };
}
