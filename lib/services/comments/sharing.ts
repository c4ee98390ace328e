import { and, asc, desc, eq, inArray, like, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { auditLog, comments, runs, runShares, SHARE_PERMISSIONS, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Publisher } from "@/lib/realtime/events";
import { EVENTS, rooms } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { IsoTimestamp } from "@/lib/services/dto-fields";
import { InvalidInputError } from "@/lib/services/errors";
import { loadRunWithAcl } from "@/lib/services/runs/run-access";
import { publishRunChanged } from "@/lib/services/runs/publish-run";
import { privateRunAudience } from "@/lib/services/runs/run-access";
import { assertMayMakeRunPrivate } from "@/lib/services/security/policy";
import { parseInput } from "@/lib/services/validate";
import { plainExcerpt } from "./markdown";

export const Visibility = z.enum(["team", "private"], { error: "visibility must be team or private" });

/** Named people and what each may do with the run; the same list a new run (`createRun`) and a share (below) take. */
export const ShareMembers = z
  .array(z.object({ userId: z.coerce.number().int().positive(), permission: z.enum(SHARE_PERMISSIONS, { error: "permission must be view, comment or control" }) }))
  .max(200);
export type ShareMembers = z.infer<typeof ShareMembers>;

export const SharingInput = z.object({ visibility: Visibility, members: ShareMembers.default([]) });

/** Each person once, and every one of them an account that exists: checked before anything is written. */
export function checkShareMembers(db: DbOrTx, members: ShareMembers): void {
  const ids = members.map((m) => m.userId);
  if (new Set(ids).size !== ids.length) throw new InvalidInputError("each person can be listed once", { members: ["Listed twice"] });
  const known = ids.length ? new Set(db.select({ id: users.id }).from(users).where(inArray(users.id, ids)).all().map((u) => u.id)) : new Set<number>();
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new InvalidInputError(`unknown user(s): ${unknown.join(", ")}`, { members: ["Unknown user"] });
}

/** Writes a run's shares inside the caller's transaction (the owner needs none: they always have every right). */
export function writeRunShares(tx: DbOrTx, run: { id: number; createdById: number | null }, members: ShareMembers): void {
  tx.delete(runShares).where(eq(runShares.runId, run.id)).run();
  for (const m of members) if (m.userId !== run.createdById) tx.insert(runShares).values({ runId: run.id, ...m }).run();
}

export const SharingDto = z.strictObject({
  visibility: z.enum(["team", "private"]),
  members: z.array(z.strictObject({ userId: z.number(), name: z.string(), email: z.string(), permission: z.enum(SHARE_PERMISSIONS) })),
});
export type SharingDto = z.infer<typeof SharingDto>;

export function getRunSharing({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): SharingDto {
  const { run } = loadRunWithAcl(db, ctx, runId);
  const members = db
    .select({ userId: runShares.userId, permission: runShares.permission, name: users.name, email: users.email })
    .from(runShares)
    .innerJoin(users, eq(users.id, runShares.userId))
    .where(eq(runShares.runId, run.id))
    .orderBy(asc(users.name))
    .all();
  return { visibility: run.visibility, members };
}

/**
 * The owner (or an admin) makes a run private and shares it with named users (view / comment / control), or opens it
 * to the team again. People who lose access stop receiving its events at once (its list updates follow the new rule).
 */
export function setRunSharing({ db, ctx, runId, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown; publisher?: Publisher }): SharingDto {
  const { run, acl } = loadRunWithAcl(db, ctx, runId);
  const actor = authorize(ctx, can.shareRun, acl);
  const data = parseInput(SharingInput, input);
  if (data.visibility === "private" && run.visibility !== "private") assertMayMakeRunPrivate(db, actor);
  checkShareMembers(db, data.members);
  db.transaction((tx) => {
    tx.update(runs).set({ visibility: data.visibility }).where(eq(runs.id, run.id)).run();
    writeRunShares(tx, run, data.members);
    writeAudit(tx, ctx, { action: "run.sharing", targetType: "run", targetId: run.id, detail: { visibility: data.visibility, members: data.members } });
  });
  publishRunChanged(db, publisher, run.id);
  publisher.revisitRunRooms(run.id);
  if (data.visibility === "private") {
    // Everyone outside the new audience drops it from their lists (those who never had it ignore the event). The
    // team room cannot carry this: the audience is in it too.
    const audience = new Set(privateRunAudience(db, run));
    for (const user of db.select({ id: users.id }).from(users).all()) {
      if (!audience.has(user.id)) publisher.publish(rooms.user(user.id), EVENTS.runRemoved, { id: run.id });
    }
  }
  return getRunSharing({ db, ctx, runId: run.id });
}

export const ActivityItem = z.strictObject({
  at: IsoTimestamp,
  kind: z.enum(["event", "comment"]),
  text: z.string(),
  actor: z.string().nullable(),
  link: z.string().nullable(),
  commentId: z.number().nullable(),
});
export type ActivityItem = z.infer<typeof ActivityItem>;

/** A run's timeline: its events (queued, started, cancelled by X, re-run as #N, shared…) and comments in one stream. */
export function getRunActivity({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): ActivityItem[] {
  const { run } = loadRunWithAcl(db, ctx, runId);
  const items: ActivityItem[] = [];
  const describe: Record<string, string> = {
    "run.create": "queued the run",
    "run.rerun": "queued the run (a re-run)",
    "run.import": "imported the run",
    "run.cancel": "cancelled the run before it started",
    "run.cancel_request": "asked to cancel the run",
    "run.cancelled": "cancelled the run",
    "run.succeeded": "run succeeded",
    "run.failed": "run failed",
    "run.reorder": "moved the run in the queue",
    "run.sharing": "changed who can see the run",
    "run.assign_version": "linked the run to a model version",
  };
  const entries = db
    .select({ entry: auditLog, userName: users.name, userEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.targetType, "run"), eq(auditLog.targetId, String(run.id))))
    .orderBy(asc(auditLog.id))
    .all();
  for (const { entry, userName, userEmail } of entries) {
    const text = describe[entry.action];
    if (!text) continue;
    const system = entry.actorLabel === "system" || entry.action === "run.succeeded" || entry.action === "run.failed";
    // People by name, as in comments; tokens and schedules keep their label ("token ci-bot (ana@lab.org)").
    const actor = system ? null : userName && entry.actorLabel === userEmail ? userName : entry.actorLabel;
    items.push({ at: entry.at.toISOString(), kind: "event", text: entry.action === "run.failed" && entry.detail?.reason ? `${text}: ${String(entry.detail.reason)}` : text, actor, link: null, commentId: null });
  }
  if (run.startedAt) items.push({ at: run.startedAt.toISOString(), kind: "event", text: "run started", actor: null, link: null, commentId: null });
  for (const rerun of db.select({ id: runs.id, createdAt: runs.createdAt }).from(runs).where(eq(runs.rerunOfId, run.id)).all()) {
    items.push({ at: rerun.createdAt.toISOString(), kind: "event", text: `re-run as #${rerun.id}`, actor: null, link: `/runs/${rerun.id}`, commentId: null });
  }
  const rows = db
    .select({ id: comments.id, createdAt: comments.createdAt, body: comments.body, deletedAt: comments.deletedAt, sampleTask: comments.sampleTask, sampleDocId: comments.sampleDocId, authorName: users.name })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.runId, run.id))
    .orderBy(desc(comments.id))
    .all();
  for (const c of rows) {
    if (c.deletedAt) continue;
    const where = c.sampleTask !== null ? ` on sample ${c.sampleTask}/${c.sampleDocId}` : "";
    items.push({ at: c.createdAt.toISOString(), kind: "comment", text: `commented${where}: ${plainExcerpt(c.body, 140)}`, actor: c.authorName, link: null, commentId: c.id });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

/** Team members matching a prefix, for @mention autocomplete (names and e-mail handles). */
export const MemberDto = z.strictObject({ id: z.number(), name: z.string(), handle: z.string().describe("what follows @ in a mention") });
export type MemberDto = z.infer<typeof MemberDto>;

export function searchMembers({ db, ctx, q }: { db: DB; ctx: ServiceContext; q: string }): MemberDto[] {
  if (!ctx.actor) return [];
  const needle = `${q.replace(/[%_]/g, "")}%`;
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.disabled, false), or(like(users.name, needle), like(users.email, needle), sql`1 = ${q === "" ? 1 : 0}`)))
    .orderBy(asc(users.name))
    .limit(8)
    .all()
    .map((u) => ({ id: u.id, name: u.name, handle: u.email.split("@")[0] }));
}
