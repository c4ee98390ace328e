/**
 * What a discussion panel does with comments, as plain functions (unit-tested; no React, no server imports): keep a
 * de-duplicated set while events and re-reads race, arrange it into threads, say who else is here, and the @mention
 * editing of the composer.
 */

import type { CommentDto } from "@/lib/services/comments/comment-dto";

/** A comment in the browser is the service's CommentDto (a type-only import: nothing of the service is bundled). */
export type DiscussionComment = CommentDto;

/** Which comments a panel shows: a whole run (its sample comments included), one sample of a run, or a comparison. */
export type DiscussionScope = { runId: number; sample?: { task: string; docId: number } } | { comparison: string };

export function scopeRoom(scope: DiscussionScope): string {
  return "runId" in scope ? `run:${scope.runId}` : `comparison:${scope.comparison}`;
}

export function inScope(scope: DiscussionScope, c: Pick<DiscussionComment, "runId" | "comparison" | "sample">): boolean {
  if ("comparison" in scope) return c.comparison === scope.comparison;
  if (c.runId !== scope.runId) return false;
  return !scope.sample || (c.sample?.task === scope.sample.task && c.sample.docId === scope.sample.docId);
}

/** A version stamp: an edit is newer than the creation, a deletion newer than both. */
function version(c: DiscussionComment): number {
  return c.deleted ? Number.MAX_SAFE_INTEGER : Date.parse(c.editedAt ?? c.createdAt);
}

/**
 * Merges comments (a re-read after reconnecting, or one live event) into the known set by id. The same comment
 * arriving twice — from the stream and from the re-read — is kept once, and an older copy never overwrites a newer
 * one (an edit that raced a re-read stays edited; a deletion stays deleted).
 */
export function mergeComments(known: ReadonlyMap<number, DiscussionComment>, incoming: DiscussionComment[]): Map<number, DiscussionComment> {
  const next = new Map(known);
  for (const c of incoming) {
    const current = next.get(c.id);
    if (!current || version(c) >= version(current)) next.set(c.id, c);
  }
  return next;
}

export function markDeleted(known: ReadonlyMap<number, DiscussionComment>, id: number): Map<number, DiscussionComment> {
  const current = known.get(id);
  if (!current || current.deleted) return known as Map<number, DiscussionComment>;
  return new Map(known).set(id, { ...current, deleted: true, body: "", html: "", labels: [] });
}

export type ThreadNode = { comment: DiscussionComment; replies: ThreadNode[] };

/**
 * Top-level comments in posting order, each with its replies (nested as posted). A deleted comment stays as a
 * placeholder only while someone's reply hangs under it.
 */
export function buildThreads(comments: Iterable<DiscussionComment>): ThreadNode[] {
  const sorted = [...comments].sort((a, b) => a.id - b.id);
  const nodes = new Map(sorted.map((c) => [c.id, { comment: c, replies: [] as ThreadNode[] }]));
  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId !== null ? nodes.get(node.comment.parentId) : undefined;
    (parent ? parent.replies : roots).push(node);
  }
  const prune = (list: ThreadNode[]): ThreadNode[] =>
    list.flatMap((n) => {
      const replies = prune(n.replies);
      return n.comment.deleted && replies.length === 0 ? [] : [{ ...n, replies }];
    });
  return prune(roots);
}

export function countVisible(threads: ThreadNode[]): number {
  return threads.reduce((n, t) => n + (t.comment.deleted ? 0 : 1) + countVisible(t.replies), 0);
}

/** "Ana is here too", "Ana and Bo are here too", "Ana and 2 others are here too" — everyone but me, once each. */
export function presenceText(users: Array<{ id: number; name: string }>, meId: number): string | null {
  const others = [...new Map(users.filter((u) => u.id !== meId).map((u) => [u.id, u])).values()];
  if (others.length === 0) return null;
  if (others.length === 1) return `${others[0].name} is here too`;
  if (others.length === 2) return `${others[0].name} and ${others[1].name} are here too`;
  return `${others[0].name} and ${others.length - 1} others are here too`;
}

/** The `@partial` being typed at the caret (for autocomplete), or null when the caret is not in a mention. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@([A-Za-z0-9._-]{0,40})$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2].length - 1, query: match[2] };
}

/** Replaces the `@partial` at the caret with `@handle ` and returns the new text and caret position. */
export function insertMention(text: string, caret: number, handle: string): { text: string; caret: number } {
  const at = mentionAt(text, caret);
  if (!at) return { text, caret };
  const inserted = `@${handle} `;
  return { text: text.slice(0, at.start) + inserted + text.slice(caret), caret: at.start + inserted.length };
}
