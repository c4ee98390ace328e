import { and, asc, count, eq, gte, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { comments, users, type Comment } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { authorize, can, requireActor } from "@/lib/auth/permissions";
import { EVENTS, type Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError } from "@/lib/services/errors";
import { notify } from "@/lib/services/notifications/notify";
import { loadVisibleRun } from "@/lib/services/runs/get-run";
import { loadRunWithAcl, runAcl } from "@/lib/services/runs/run-access";
import { parseInput } from "@/lib/services/validate";
import { CommentDto } from "./comment-dto";
import { COMMENT_LABELS, comparisonKeyOf, MAX_COMMENT_LENGTH } from "@/lib/comments-view/rules";
import { mentionedHandles, plainExcerpt, renderMarkdown } from "./markdown";

/** Per user: at most this many comments per minute (spam, runaway scripts). */
export const COMMENTS_PER_MINUTE = 20;

const Body = z
  .string({ error: "body is required" })
  .trim()
  .min(1, { error: "write something first" })
  .max(MAX_COMMENT_LENGTH, { error: `comments are limited to ${MAX_COMMENT_LENGTH} characters` });

const CommentFields = z.object({
  runId: z.coerce.number().int().positive().optional(),
  /** "runs:3,7" — a comparison of runs (all must be visible to the author). */
  comparison: z.string().regex(/^runs:\d+(,\d+)+$/, { error: "comparison must look like runs:3,7" }).optional(),
  body: Body,
  parentId: z.coerce.number().int().positive().optional().describe("reply to this comment"),
  sample: z.object({ task: z.string().trim().min(1), docId: z.coerce.number().int().min(0) }).optional().describe("comment on one sample of the run"),
  labels: z.array(z.enum(COMMENT_LABELS, { error: `labels are ${COMMENT_LABELS.join(", ")}` })).max(4).default([]).describe("sample comments only"),
});
/** The bodies the REST routes take (the run or comparison comes from the path or is named): for the OpenAPI document. */
export const RunCommentBody = CommentFields.omit({ runId: true, comparison: true });
export const ComparisonCommentBody = CommentFields.omit({ runId: true, sample: true, labels: true }).required({ comparison: true });
export const UpdateCommentInput = z.object({ body: Body, labels: z.array(z.enum(COMMENT_LABELS)).max(4).optional() });
export const CommentQuery = z.object({
  runId: z.coerce.number().int().positive().optional(),
  comparison: z.string().regex(/^runs:\d+(,\d+)+$/).optional(),
  task: z.string().optional().describe("one sample's thread: task and docId"),
  docId: z.coerce.number().int().min(0).optional(),
  label: z.enum(COMMENT_LABELS).optional(),
});

export const CreateCommentInput = CommentFields.refine((v) => Boolean(v.runId) !== Boolean(v.comparison), { error: "a comment belongs to a run or to a comparison" })
  .refine((v) => !v.sample || v.runId, { error: "sample comments need the run" })
  .refine((v) => v.labels.length === 0 || v.sample, { error: "labels are for sample comments" });


function normaliseComparison(key: string): string {
  return comparisonKeyOf(key.slice(5).split(",").map(Number));
}

function mentionIndex(db: DB): Map<string, { id: number; name: string }> {
  const index = new Map<string, { id: number; name: string }>();
  for (const u of db.select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled }).from(users).all()) {
    if (u.disabled) continue;
    index.set(u.email.split("@")[0].toLowerCase(), { id: u.id, name: u.name });
    if (!/\s/.test(u.name)) index.set(u.name.toLowerCase(), { id: u.id, name: u.name });
  }
  return index;
}

function toDto(c: Comment, authorName: string | null, mentionable: Set<string>): CommentDto {
  const deleted = c.deletedAt !== null;
  return {
    id: c.id,
    runId: c.runId,
    comparison: c.comparisonKey,
    sample: c.sampleTask !== null && c.sampleDocId !== null ? { task: c.sampleTask, docId: c.sampleDocId } : null,
    parentId: c.parentId,
    author: c.authorId ? { id: c.authorId, name: authorName ?? "unknown" } : null,
    body: deleted ? "" : c.body,
    html: deleted ? "" : renderMarkdown(c.body, mentionable),
    labels: deleted ? [] : c.labels,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
    deleted,
  };
}

/** The room a comment's live events go to: its run's room (run and sample comments) or its comparison's. */
export function commentRoom(c: { runId: number | null; comparisonKey: string | null }): string {
  return c.runId !== null ? `run:${c.runId}` : `comparison:${c.comparisonKey}`;
}

/** Checks the actor may read (and, with `write`, comment on) a comparison: every run in it must allow it. */
function checkComparison(db: DB, actor: Actor, key: string, write: boolean): void {
  const ids = key.slice(5).split(",").map(Number);
  for (const id of ids) {
    const { acl } = loadRunWithAcl(db, { actor, via: "system" }, id);
    if (write && !can.commentRun(actor, acl)) throw new ForbiddenError("You may read but not comment on one of these runs");
  }
}

export function listComments({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): CommentDto[] {
  const actor = requireActor(ctx);
  const q = parseInput(CommentQuery, input);
  let where;
  if (q.runId) {
    loadRunWithAcl(db, ctx, q.runId);
    where = and(eq(comments.runId, q.runId), ...(q.task ? [eq(comments.sampleTask, q.task)] : []), ...(q.docId !== undefined ? [eq(comments.sampleDocId, q.docId)] : []));
  } else if (q.comparison) {
    const key = normaliseComparison(q.comparison);
    checkComparison(db, actor, key, false);
    where = eq(comments.comparisonKey, key);
  } else throw new InvalidInputError("runId or comparison is required");
  const mentionable = new Set(mentionIndex(db).keys());
  const rows = db.select({ c: comments, authorName: users.name }).from(comments).leftJoin(users, eq(users.id, comments.authorId)).where(where).orderBy(asc(comments.id)).all();
  return rows.map((r) => toDto(r.c, r.authorName, mentionable)).filter((c) => !q.label || c.labels.includes(q.label));
}

/**
 * Posts a comment (or a reply) on a run, one of its samples, or a comparison. Rate- and length-limited; @mentions and
 * replies notify people — but only people who may see the run, so a mention never leaks a private run.
 */
export function createComment({ db, ctx, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; input: unknown; publisher?: Publisher }): CommentDto {
  const actor = requireActor(ctx);
  const data = parseInput(CreateCommentInput, input);
  const comparisonKey = data.comparison ? normaliseComparison(data.comparison) : null;
  let runAclOf: (userId: number) => boolean;
  if (data.runId) {
    const { run, acl } = loadRunWithAcl(db, ctx, data.runId);
    authorize(ctx, can.commentRun, acl);
    runAclOf = (userId) => {
      const user = db.select().from(users).where(eq(users.id, userId)).get();
      return Boolean(user && !user.disabled && can.viewRun({ id: user.id, email: user.email, name: user.name, role: user.role }, runAcl(db, run, { id: user.id, email: user.email, name: user.name, role: user.role })));
    };
  } else {
    checkComparison(db, actor, comparisonKey!, true);
    runAclOf = (userId) => {
      const user = db.select().from(users).where(eq(users.id, userId)).get();
      if (!user || user.disabled) return false;
      try {
        checkComparison(db, { id: user.id, email: user.email, name: user.name, role: user.role }, comparisonKey!, false);
        return true;
      } catch {
        return false;
      }
    };
  }
  const recent = db.select({ n: count() }).from(comments).where(and(eq(comments.authorId, actor.id), gte(comments.createdAt, new Date(Date.now() - 60_000)))).get()?.n ?? 0;
  if (recent >= COMMENTS_PER_MINUTE) throw new RateLimitedError(`You can post at most ${COMMENTS_PER_MINUTE} comments a minute; wait a moment`);
  let parent: Comment | undefined;
  if (data.parentId) {
    parent = db.select().from(comments).where(eq(comments.id, data.parentId)).get();
    if (!parent || parent.runId !== (data.runId ?? null) || parent.comparisonKey !== comparisonKey) throw new InvalidInputError("the comment you reply to is not in this discussion", { parentId: ["Not in this discussion"] });
  }
  const row = db.transaction((tx) => {
    const inserted = tx
      .insert(comments)
      .values({
        runId: data.runId ?? null,
        comparisonKey,
        sampleTask: data.sample?.task ?? parent?.sampleTask ?? null,
        sampleDocId: data.sample?.docId ?? parent?.sampleDocId ?? null,
        parentId: data.parentId ?? null,
        authorId: actor.id,
        body: data.body,
        labels: data.labels,
      })
      .returning()
      .get();
    writeAudit(tx, ctx, { action: "comment.create", targetType: data.runId ? "run" : "comparison", targetId: data.runId ?? comparisonKey!, detail: { commentId: inserted.id } });
    return inserted;
  });
  const index = mentionIndex(db);
  const dto = toDto(row, actor.name, new Set(index.keys()));
  publisher.publish(commentRoom(row), EVENTS.commentCreated, dto);

  const link = `${data.runId ? `/runs/${data.runId}${dto.sample ? `/samples?task=${encodeURIComponent(dto.sample.task)}&doc=${dto.sample.docId}` : ""}` : `/compare/runs?runs=${comparisonKey!.slice(5)}`}#comment-${row.id}`;
  const mentioned = mentionedHandles(data.body)
    .map((h) => index.get(h))
    .filter((u): u is { id: number; name: string } => Boolean(u) && u!.id !== actor.id)
    .filter((u) => runAclOf(u.id));
  // The runs the discussion is about: a comment on a private run stays off the team-wide webhooks.
  const runIds = data.runId ? [data.runId] : comparisonKey!.slice(5).split(",").map(Number);
  if (mentioned.length) notify(db, publisher, { event: "mention", userIds: mentioned.map((u) => u.id), runIds, title: `${actor.name} mentioned you`, body: plainExcerpt(data.body, 300), link, data: { commentId: row.id } });
  if (parent?.authorId && parent.authorId !== actor.id && !mentioned.some((m) => m.id === parent!.authorId) && runAclOf(parent.authorId)) {
    notify(db, publisher, { event: "reply", userIds: [parent.authorId], runIds, title: `${actor.name} replied to your comment`, body: plainExcerpt(data.body, 300), link, data: { commentId: row.id } });
  }
  return dto;
}

function loadOwnComment(db: DB, ctx: ServiceContext, commentId: number, mode: "edit" | "delete"): Comment {
  const actor = requireActor(ctx);
  const row = db.select().from(comments).where(and(eq(comments.id, commentId), isNull(comments.deletedAt))).get();
  if (!row) throw new NotFoundError(`Comment ${commentId}`);
  // Reading it must be allowed in the first place (a private run's comment is simply not found).
  if (row.runId !== null) loadRunWithAcl(db, ctx, row.runId);
  else checkComparison(db, actor, row.comparisonKey!, false);
  const mayAct = row.authorId === actor.id || (mode === "delete" && actor.role === "admin");
  if (!mayAct) throw new ForbiddenError(mode === "edit" ? "Only the author can edit a comment" : "Only the author or an admin can delete a comment");
  return row;
}

export function updateComment({ db, ctx, commentId, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; commentId: unknown; input: unknown; publisher?: Publisher }): CommentDto {
  const id = parseInput(z.coerce.number().int().positive(), commentId);
  const data = parseInput(UpdateCommentInput, input);
  const current = loadOwnComment(db, ctx, id, "edit");
  const row = db.transaction((tx) => {
    const updated = tx.update(comments).set({ body: data.body, ...(data.labels && current.sampleTask ? { labels: data.labels } : {}), editedAt: new Date() }).where(eq(comments.id, id)).returning().get();
    writeAudit(tx, ctx, { action: "comment.edit", targetType: "comment", targetId: id });
    return updated;
  });
  const author = db.select({ name: users.name }).from(users).where(eq(users.id, row.authorId!)).get();
  const dto = toDto(row, author?.name ?? null, new Set(mentionIndex(db).keys()));
  publisher.publish(commentRoom(row), EVENTS.commentUpdated, dto);
  return dto;
}

export function deleteComment({ db, ctx, commentId, publisher = webPublisher }: { db: DB; ctx: ServiceContext; commentId: unknown; publisher?: Publisher }): void {
  const id = parseInput(z.coerce.number().int().positive(), commentId);
  const row = loadOwnComment(db, ctx, id, "delete");
  db.transaction((tx) => {
    tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, id)).run();
    writeAudit(tx, ctx, { action: "comment.delete", targetType: "comment", targetId: id });
  });
  publisher.publish(commentRoom(row), EVENTS.commentDeleted, { id, runId: row.runId, comparison: row.comparisonKey });
}

/** How many samples of a task carry each comment label (the samples browser's label filter shows these counts). */
export function sampleLabelCounts({ db, ctx, runId, task }: { db: DB; ctx: ServiceContext; runId: unknown; task: string }): Array<{ label: string; n: number }> {
  const run = loadVisibleRun(db, ctx, runId);
  return db.$client
    .prepare(
      `select l.value label, count(distinct c.sample_doc_id) n from comments c, json_each(c.labels) l
       where c.run_id = ? and c.sample_task = ? and c.deleted_at is null group by l.value order by l.value`,
    )
    .all(run.id, task) as Array<{ label: string; n: number }>;
}
