import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { notifications, runs } from "@/db/schema";
import { canJoinRoom } from "@/lib/realtime/room-access";
import { createComment, deleteComment, listComments, sampleLabelCounts, updateComment, COMMENTS_PER_MINUTE } from "@/lib/services/comments/comments";
import { getRunActivity, setRunSharing } from "@/lib/services/comments/sharing";
import { getBoard } from "@/lib/services/compare/board";
import { compareRuns } from "@/lib/services/compare/compare-runs";
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError } from "@/lib/services/errors";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { getRun } from "@/lib/services/runs/get-run";
import { listRuns } from "@/lib/services/runs/list-runs";
import { listSamples } from "@/lib/services/results/list-samples";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { syntheticRun } from "../../helpers/synthetic-run";
import { tempDir } from "../../helpers/standin";

process.env.DATA_DIR ??= tempDir("comments-data-");

function world() {
  const db = freshDb();
  setDb(db);
  const publisher = new RecordingPublisher();
  const owner = insertUser(db, "member", "owner@x.org");
  const admin = insertUser(db, "admin", "admin@x.org");
  const viewerShare = insertUser(db, "member", "vera@x.org");
  const commentShare = insertUser(db, "member", "cora@x.org");
  const controlShare = insertUser(db, "member", "carl@x.org");
  const teamMember = insertUser(db, "member", "tim@x.org");
  const viewerRole = insertUser(db, "viewer", "val@x.org");
  return { db, publisher, owner, admin, viewerShare, commentShare, controlShare, teamMember, viewerRole };
}

describe("shared runs and permissions, end to end through the services", () => {
  it("a private run is invisible to everyone not allowed — lists, by id, samples, board, comparison, socket room", async () => {
    const w = world();
    const runId = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 20, correct: (i) => i % 2 === 0 }] });
    const other = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 20, correct: () => true }] });
    setRunSharing({
      db: w.db,
      ctx: ctxFor(w.owner),
      runId,
      input: { visibility: "private", members: [ { userId: w.viewerShare.id, permission: "view" }, { userId: w.commentShare.id, permission: "comment" }, { userId: w.controlShare.id, permission: "control" } ] },
      publisher: w.publisher,
    });
    const who = [
      ["owner", w.owner, true],
      ["admin", w.admin, true],
      ["shared view", w.viewerShare, true],
      ["shared comment", w.commentShare, true],
      ["shared control", w.controlShare, true],
      ["team member", w.teamMember, false],
      ["viewer role", w.viewerRole, false],
    ] as const;
    for (const [label, user, sees] of who) {
      const ctx = ctxFor(user);
      expect(listRuns({ db: w.db, ctx, input: {} }).items.some((r) => r.id === runId), label).toBe(sees);
      if (sees) {
        expect(getRun({ db: w.db, ctx, runId }).id).toBe(runId);
        expect(listSamples({ db: w.db, ctx, runId, input: { task: "t" } }).total).toBe(20);
      } else {
        expect(() => getRun({ db: w.db, ctx, runId }), label).toThrow(NotFoundError);
        expect(() => listSamples({ db: w.db, ctx, runId, input: { task: "t" } })).toThrow(NotFoundError);
        expect(() => listComments({ db: w.db, ctx, input: { runId } })).toThrow(NotFoundError);
        expect(compareRuns({ db: w.db, ctx, input: { runs: `${runId},${other}` } }).excluded).toContainEqual({ runId, reason: "not found" });
        expect(getBoard({ db: w.db, ctx, input: {} }).rows.flatMap((r) => Object.values(r.cells).map((c) => c.runId))).not.toContain(runId);
      }
      expect(canJoinRoom(user, `run:${runId}`), label).toBe(sees);
    }
    // Team runs stay visible to everyone.
    expect(getRun({ db: w.db, ctx: ctxFor(w.viewerRole), runId: other }).id).toBe(other);
  });

  it("comment and control follow the share; the owner decides sharing", async () => {
    const w = world();
    const run = w.db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: w.owner.id }).returning().get();
    setRunSharing({ db: w.db, ctx: ctxFor(w.owner), runId: run.id, input: { visibility: "private", members: [{ userId: w.viewerShare.id, permission: "view" }, { userId: w.commentShare.id, permission: "comment" }, { userId: w.controlShare.id, permission: "control" }] }, publisher: w.publisher });
    const comment = (user: typeof w.owner) => createComment({ db: w.db, ctx: ctxFor(user), input: { runId: run.id, body: `hi from ${user.email}` }, publisher: w.publisher });
    expect(() => comment(w.viewerShare)).toThrow(ForbiddenError);
    expect(comment(w.commentShare).body).toBe("hi from cora@x.org");
    expect(() => comment(w.teamMember)).toThrow(NotFoundError);
    expect(() => cancelRun({ db: w.db, ctx: ctxFor(w.commentShare), input: { runId: run.id }, publisher: w.publisher })).toThrow(ForbiddenError);
    expect(() => cancelRun({ db: w.db, ctx: ctxFor(w.teamMember), input: { runId: run.id }, publisher: w.publisher })).toThrow(NotFoundError);
    expect(cancelRun({ db: w.db, ctx: ctxFor(w.controlShare), input: { runId: run.id }, publisher: w.publisher }).status).toBe("cancelled");
    expect(() => setRunSharing({ db: w.db, ctx: ctxFor(w.controlShare), runId: run.id, input: { visibility: "team" }, publisher: w.publisher })).toThrow(ForbiddenError);
    // Lists of people outside the audience drop it; the audience keeps it; open run rooms are re-checked.
    const removedFor = w.publisher.events.filter((e) => e.event === "run:removed").map((e) => e.room);
    expect(removedFor).toEqual(expect.arrayContaining([`user:${w.teamMember.id}`, `user:${w.viewerRole.id}`]));
    for (const keeps of [w.owner, w.admin, w.viewerShare, w.commentShare, w.controlShare]) expect(removedFor).not.toContain(`user:${keeps.id}`);
    expect(removedFor).not.toContain("runs");
    expect(w.publisher.revisited).toContain(run.id);
    // A private run's list events never go to the team room.
    const teamRoomEvents = w.publisher.events.filter((e) => e.room === "runs" && (e.payload as { id?: number }).id === run.id && e.event === "run:updated");
    expect(teamRoomEvents.every((e) => (e.payload as { visibility?: string }).visibility !== "private")).toBe(true);
  });
});

describe("the permission matrix: who may read, comment, cancel and join the room", () => {
  // "outsider": no account or session at all (socket handshakes without a session are refused: realtime.test.ts).
  type Who = "owner" | "admin" | "shared view" | "shared comment" | "shared control" | "team member" | "viewer role" | "outsider";
  // [read, comment, cancel, join room] for a private run shared view/comment/control, and for a team run.
  const privateRun: Record<Who, [boolean, boolean, boolean, boolean]> = {
    owner: [true, true, true, true],
    admin: [true, true, true, true],
    "shared view": [true, false, false, true],
    "shared comment": [true, true, false, true],
    "shared control": [true, true, true, true],
    "team member": [false, false, false, false],
    "viewer role": [false, false, false, false],
    outsider: [false, false, false, false],
  };
  const teamRun: Record<Who, [boolean, boolean, boolean, boolean]> = {
    ...privateRun,
    // A share on a team run still grants what it says (control), and nothing less than the team gets.
    "shared view": [true, true, false, true],
    "shared comment": [true, true, false, true],
    "team member": [true, true, false, true],
    "viewer role": [true, false, false, true],
  };

  for (const [visibility, expected] of [["private", privateRun], ["team", teamRun]] as const) {
    it.each(Object.keys(expected) as Who[])(`${visibility} run × %s`, (who) => {
      const w = world();
      const users: Record<Exclude<Who, "outsider">, typeof w.owner> = {
        owner: w.owner,
        admin: w.admin,
        "shared view": w.viewerShare,
        "shared comment": w.commentShare,
        "shared control": w.controlShare,
        "team member": w.teamMember,
        "viewer role": w.viewerRole,
      };
      const run = w.db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: w.owner.id }).returning().get();
      setRunSharing({
        db: w.db,
        ctx: ctxFor(w.owner),
        runId: run.id,
        input: { visibility, members: [{ userId: w.viewerShare.id, permission: "view" }, { userId: w.commentShare.id, permission: "comment" }, { userId: w.controlShare.id, permission: "control" }] },
        publisher: w.publisher,
      });
      const actor = who === "outsider" ? null : users[who];
      const ctx = ctxFor(actor);
      const allowed = (act: () => unknown) => {
        try {
          act();
          return true;
        } catch (error) {
          if (error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof UnauthorizedError) return false;
          throw error;
        }
      };
      const actual = [
        allowed(() => getRun({ db: w.db, ctx, runId: run.id })) && allowed(() => listComments({ db: w.db, ctx, input: { runId: run.id } })),
        allowed(() => createComment({ db: w.db, ctx, input: { runId: run.id, body: `from ${who}` }, publisher: w.publisher })),
        allowed(() => cancelRun({ db: w.db, ctx, input: { runId: run.id }, publisher: w.publisher })),
        actor !== null && canJoinRoom(actor, `run:${run.id}`),
      ];
      expect(actual).toEqual(expected[who]);
    });
  }
});

describe("comments", () => {
  it("threads, Markdown rendered inert, edit (marked) and delete by author or admin, labels on samples", async () => {
    const w = world();
    const runId = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    const top = createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "<script>alert(1)</script> **bold** [x](javascript:alert(1))" }, publisher: w.publisher });
    expect(top.html).not.toContain("<script");
    expect(top.html).toContain("&lt;script&gt;");
    expect(top.html).not.toContain('href="javascript:');
    expect(top.html).toContain("<strong>bold</strong>");
    const reply = createComment({ db: w.db, ctx: ctxFor(w.teamMember), input: { runId, body: "agreed", parentId: top.id }, publisher: w.publisher });
    expect(reply.parentId).toBe(top.id);
    expect(w.db.select().from(notifications).where(eq(notifications.event, "reply")).all().map((n) => n.userId)).toEqual([w.owner.id]);
    expect(() => updateComment({ db: w.db, ctx: ctxFor(w.teamMember), commentId: top.id, input: { body: "x" }, publisher: w.publisher })).toThrow(ForbiddenError);
    expect(updateComment({ db: w.db, ctx: ctxFor(w.owner), commentId: top.id, input: { body: "fixed" }, publisher: w.publisher }).editedAt).not.toBeNull();
    expect(() => deleteComment({ db: w.db, ctx: ctxFor(w.owner), commentId: reply.id, publisher: w.publisher })).toThrow(ForbiddenError);
    deleteComment({ db: w.db, ctx: ctxFor(w.admin), commentId: reply.id, publisher: w.publisher });
    expect(listComments({ db: w.db, ctx: ctxFor(w.viewerRole), input: { runId } }).find((c) => c.id === reply.id)).toMatchObject({ deleted: true, body: "" });
    expect(() => createComment({ db: w.db, ctx: ctxFor(w.viewerRole), input: { runId, body: "viewers read" }, publisher: w.publisher })).toThrow(ForbiddenError);

    const labelled = createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "target is wrong", sample: { task: "t", docId: 3 }, labels: ["label error"] }, publisher: w.publisher });
    expect(labelled.sample).toEqual({ task: "t", docId: 3 });
    const labelFilter = (label: string) => listSamples({ db: w.db, ctx: ctxFor(w.viewerRole), runId, input: { task: "t", label } });
    expect(labelFilter("label error")).toMatchObject({ items: [{ docId: 3 }], total: 1 });
    expect(labelFilter("ambiguous").items).toEqual([]);
    expect(() => labelFilter("nonsense")).toThrow(/label must be one of/);
    expect(listComments({ db: w.db, ctx: ctxFor(w.owner), input: { runId, label: "label error" } }).map((c) => c.id)).toEqual([labelled.id]);
    deleteComment({ db: w.db, ctx: ctxFor(w.owner), commentId: labelled.id, publisher: w.publisher });
    expect(labelFilter("label error").items).toEqual([]);
    createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "unclear", sample: { task: "t", docId: 1 }, labels: ["ambiguous"] }, publisher: w.publisher });
    createComment({ db: w.db, ctx: ctxFor(w.admin), input: { runId, body: "agreed", sample: { task: "t", docId: 1 }, labels: ["ambiguous", "model error"] }, publisher: w.publisher });
    expect(sampleLabelCounts({ db: w.db, ctx: ctxFor(w.viewerRole), runId, task: "t" })).toEqual([
      { label: "ambiguous", n: 1 },
      { label: "model error", n: 1 },
    ]);
    expect(() => createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "x", labels: ["ambiguous"] }, publisher: w.publisher })).toThrow(/labels are for sample comments/);
    expect(w.publisher.events.filter((e) => e.room === `run:${runId}`).map((e) => e.event)).toEqual(expect.arrayContaining(["comment:created", "comment:updated", "comment:deleted"]));
  });

  it("mentions notify only people who can see the run (no leak of private runs); rate limit", async () => {
    const w = world();
    const runId = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    setRunSharing({ db: w.db, ctx: ctxFor(w.owner), runId, input: { visibility: "private", members: [{ userId: w.commentShare.id, permission: "comment" }] }, publisher: w.publisher });
    createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "@cora and @tim please look" }, publisher: w.publisher });
    const mentioned = w.db.select().from(notifications).where(eq(notifications.event, "mention")).all();
    expect(mentioned.map((n) => n.userId)).toEqual([w.commentShare.id]);
    expect(mentioned[0].link).toMatch(new RegExp(`^/runs/${runId}#comment-\\d+$`));
    for (let i = 1; i < COMMENTS_PER_MINUTE; i++) createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: `n${i}` }, publisher: w.publisher });
    expect(() => createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId, body: "one too many" }, publisher: w.publisher })).toThrow(RateLimitedError);
    expect(() => createComment({ db: w.db, ctx: ctxFor(w.commentShare), input: { runId, body: "x".repeat(10_001) }, publisher: w.publisher })).toThrow(/limited to 10000 characters/);
  });

  it("comparison discussions need every run visible; the activity stream merges events and comments", async () => {
    const w = world();
    const a = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    const b = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 5, correct: () => false }] });
    const c = createComment({ db: w.db, ctx: ctxFor(w.teamMember), input: { comparison: `runs:${b},${a}`, body: "b broke everything" }, publisher: w.publisher });
    expect(c.comparison).toBe(`runs:${Math.min(a, b)},${Math.max(a, b)}`);
    expect(w.publisher.events.some((e) => e.room === `comparison:runs:${Math.min(a, b)},${Math.max(a, b)}` && e.event === "comment:created")).toBe(true);
    setRunSharing({ db: w.db, ctx: ctxFor(w.owner), runId: b, input: { visibility: "private" }, publisher: w.publisher });
    expect(() => listComments({ db: w.db, ctx: ctxFor(w.teamMember), input: { comparison: `runs:${a},${b}` } })).toThrow(NotFoundError);
    expect(canJoinRoom(w.teamMember, `comparison:runs:${a},${b}`)).toBe(false);
    // An import whose files are still being stored does not exist yet, even for an admin.
    const pending = await syntheticRun(w.db, { createdById: w.owner.id, tasks: [{ task: "t", docs: 5, correct: () => true }] });
    w.db.update(runs).set({ importing: true }).where(eq(runs.id, pending)).run();
    expect(() => createComment({ db: w.db, ctx: ctxFor(w.admin), input: { comparison: `runs:${a},${pending}`, body: "x" }, publisher: w.publisher })).toThrow(NotFoundError);
    createComment({ db: w.db, ctx: ctxFor(w.owner), input: { runId: a, body: "looks fine" }, publisher: w.publisher });
    const activity = getRunActivity({ db: w.db, ctx: ctxFor(w.viewerRole), runId: a });
    expect(activity.some((i) => i.kind === "comment" && i.text.includes("looks fine"))).toBe(true);
  });
});
