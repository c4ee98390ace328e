import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { deliveries, notifications, runs } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { createComment } from "@/lib/services/comments/comments";
import { setRunSharing } from "@/lib/services/comments/sharing";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { detectRegression } from "@/lib/services/notifications/regression";
import { createWebhook } from "@/lib/services/notifications/webhooks";
import { createBatch, getBatch } from "@/lib/services/schedules/batches";
import { processFinishedRuns } from "@/lib/services/runs/worker/process-finished-runs";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { syntheticRun } from "../../helpers/synthetic-run";

useStandinEnvironment();
process.env.DATA_DIR ??= tempDir("private-leaks-data-");

/** A team with a model (owned by `modelOwner`), two versions, and a webhook that subscribes to everything. */
function team() {
  const db = freshDb();
  setDb(db);
  const admin = insertUser(db, "admin");
  const modelOwner = insertUser(db, "member");
  const runOwner = insertUser(db, "member");
  const publisher = new RecordingPublisher();
  const config = testRunConfig(tempDir("private-leaks-runs-"));
  const model = createModel({ db, ctx: ctxFor(modelOwner), input: { name: "vlm" } });
  const v1 = createVersion({ db, ctx: ctxFor(modelOwner), input: { modelId: model.id, label: "v1", backend: "standin" }, publisher });
  const v2 = createVersion({ db, ctx: ctxFor(modelOwner), input: { modelId: model.id, label: "v2", backend: "standin", parentVersionId: v1.id }, publisher });
  createWebhook({ db, ctx: ctxFor(admin), input: { name: "team-slack", url: "https://hooks.example.org/team", events: ["run_failed", "regression", "mention", "batch_finished"] } });
  const makePrivate = (runId: number, owner = runOwner) => setRunSharing({ db, ctx: ctxFor(owner), runId, input: { visibility: "private", members: [] }, publisher });
  const inbox = (userId: number) => db.select().from(notifications).where(eq(notifications.userId, userId)).all();
  const webhookPayloads = () => db.select().from(deliveries).where(eq(deliveries.channel, "webhook")).all().map((d) => JSON.stringify(d.payload));
  return { db, admin, modelOwner, runOwner, publisher, config, model, v1, v2, makePrivate, inbox, webhookPayloads };
}

const mme = (share: number) => [{ task: "ai2d", docs: 300, correct: (i: number) => i % 10 < share }];

describe("regression alerts and team webhooks keep private runs private (issue 24, item 8)", () => {
  it("a private run's regression is told only to people who may see it, and never to the team webhook", async () => {
    const t = team();
    await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v1.id, tasks: mme(8) });
    const worse = await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v2.id, tasks: mme(4) });
    t.makePrivate(worse);
    expect(detectRegression(t.db, t.publisher, worse)).toHaveLength(1);
    // The model's owner gets 404 on the run: no score, p-value or link reaches them.
    expect(t.inbox(t.modelOwner.id)).toEqual([]);
    expect(t.inbox(t.runOwner.id)).toEqual([expect.objectContaining({ event: "regression", link: expect.stringContaining(`other=${worse}`) })]);
    expect(t.webhookPayloads()).toEqual([]);
    expect(t.publisher.events.filter((e) => e.room === `user:${t.modelOwner.id}` && e.event === EVENTS.notification)).toEqual([]);
  });

  it("a team run is never compared with (and does not name) someone else's private run", async () => {
    const t = team();
    const hidden = await syntheticRun(t.db, { createdById: t.admin.id, modelVersionId: t.v1.id, tasks: mme(8) });
    t.makePrivate(hidden, t.admin);
    const worse = await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v2.id, tasks: mme(4) });
    expect(detectRegression(t.db, t.publisher, worse)).toEqual([]);
    expect(t.db.select().from(notifications).all()).toEqual([]);
    expect(t.webhookPayloads()).toEqual([]);
  });

  it("team runs still alert the model owner and the webhook", async () => {
    const t = team();
    await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v1.id, tasks: mme(8) });
    const worse = await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v2.id, tasks: mme(4) });
    detectRegression(t.db, t.publisher, worse);
    expect(t.inbox(t.modelOwner.id)).toHaveLength(1);
    expect(t.webhookPayloads()).toEqual([expect.stringContaining(`other=${worse}`)]);
  });

  it("a private run's failure reason and its discussion stay off the team webhook", () => {
    const t = team();
    const insertFailed = (reason: string) =>
      t.db.insert(runs).values({ status: "failed", model: "standin", tasks: ["mme"], params: {}, reason, createdById: t.runOwner.id, finishedAt: new Date() }).returning().get().id;
    processFinishedRuns(t.db, t.publisher, () => {});
    const privateFailure = insertFailed("CUDA out of memory on the secret-project checkpoint");
    t.makePrivate(privateFailure);
    const teamFailure = insertFailed("team run failed");
    processFinishedRuns(t.db, t.publisher, () => {});
    expect(t.inbox(t.runOwner.id).map((n) => n.body)).toEqual(expect.arrayContaining(["CUDA out of memory on the secret-project checkpoint", "team run failed"]));
    expect(t.webhookPayloads()).toEqual([expect.stringContaining(`/runs/${teamFailure}`)]);

    setRunSharing({ db: t.db, ctx: ctxFor(t.runOwner), runId: privateFailure, input: { visibility: "private", members: [{ userId: t.modelOwner.id, permission: "comment" }] }, publisher: t.publisher });
    const handle = t.modelOwner.email.split("@")[0];
    createComment({ db: t.db, ctx: ctxFor(t.runOwner), input: { runId: privateFailure, body: `@${handle} the secret-project checkpoint diverged` }, publisher: t.publisher });
    expect(t.inbox(t.modelOwner.id)).toEqual([expect.objectContaining({ event: "mention" })]);
    expect(t.webhookPayloads().join("\n")).not.toContain("secret-project");
  });
});

describe("batches reuse only runs the caller may see (issue 24, item 11)", () => {
  it("someone's private result is neither reused nor named: the caller's batch launches its own run", async () => {
    const t = team();
    const hidden = await syntheticRun(t.db, { createdById: t.runOwner.id, modelVersionId: t.v1.id, tasks: [{ task: "mme", docs: 10, correct: () => true }] });
    t.makePrivate(hidden);
    const batch = await createBatch({ db: t.db, ctx: ctxFor(t.modelOwner), input: { modelVersionIds: [t.v1.id], tasks: ["mme"] }, deps: t.config, publisher: t.publisher });
    expect(batch.items).toEqual([expect.objectContaining({ reused: false, runId: expect.any(Number) })]);
    expect(batch.items[0].runId).not.toBe(hidden);
    expect(JSON.stringify(batch)).not.toContain(`"runId":${hidden}`);
    // The owner of the private run reuses it.
    const own = await createBatch({ db: t.db, ctx: ctxFor(t.runOwner), input: { modelVersionIds: [t.v1.id], tasks: ["mme"] }, deps: t.config, publisher: t.publisher });
    expect(own.items).toEqual([expect.objectContaining({ reused: true, runId: hidden, status: "succeeded" })]);
    // Anyone else reading that batch sees the item without the private run's id or status.
    expect(getBatch({ db: t.db, ctx: ctxFor(t.modelOwner), batchId: own.id }).items).toEqual([expect.objectContaining({ reused: true, runId: null, status: null })]);
    expect(getBatch({ db: t.db, ctx: ctxFor(t.admin), batchId: own.id }).items[0].runId).toBe(hidden);
    expect(t.db.select().from(runs).where(and(eq(runs.modelVersionId, t.v1.id), eq(runs.createdById, t.modelOwner.id))).all()).toHaveLength(1);
  });
});
