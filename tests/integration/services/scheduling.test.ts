import http from "node:http";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { auditLog, batches, batchItems, deliveries, notifications, runs, scheduleFirings, schedules, settings } from "@/db/schema";
import { actorLabel } from "@/lib/auth/actor";
import { InvalidInputError } from "@/lib/services/errors";
import { processDueDeliveries, defaultSenders, MAX_ATTEMPTS } from "@/lib/services/notifications/deliver";
import { notify } from "@/lib/services/notifications/notify";
import { clearSmtpSettings, getSmtpSettings, saveSmtpSettings } from "@/lib/services/notifications/settings";
import { createWebhook, signWebhook } from "@/lib/services/notifications/webhooks";
import { setNotificationPrefs } from "@/lib/services/notifications/center";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion, updateVersion } from "@/lib/services/models/manage-versions";
import { createBatch } from "@/lib/services/schedules/batches";
import { fireSchedule } from "@/lib/services/schedules/fire-schedule";
import { createSchedule, updateSchedule } from "@/lib/services/schedules/manage-schedules";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { Scheduler } from "@/workers/scheduler";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { syntheticRun } from "../../helpers/synthetic-run";

useStandinEnvironment();
process.env.DATA_DIR ??= tempDir("scheduling-data-");

function setup() {
  const db = freshDb();
  setDb(db);
  const owner = insertUser(db, "member");
  const ctx = ctxFor(owner);
  const publisher = new RecordingPublisher();
  const config = testRunConfig(tempDir("sched-runs-"));
  const model = createModel({ db, ctx, input: { name: `m-${Math.random()}` } });
  const version = createVersion({ db, ctx, input: { modelId: model.id, label: "v1", backend: "standin" }, publisher });
  return { db, owner, ctx, publisher, config, model, version };
}

/** The field errors a service call fails with. */
async function fieldsOf(call: () => unknown): Promise<Record<string, string[]>> {
  try {
    await call();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.fields ?? {};
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

/** Slurm configured (a real shared folder) or not, as an administrator would set it. */
function setSlurm(db: ReturnType<typeof freshDb>, configured: boolean) {
  const admin = insertUser(db, "admin");
  updateSlurmSettings({ db, ctx: ctxFor(admin), input: configured ? { sharedDir: tempDir("sched-slurm-") } : {}, dashboardCommand: STANDIN_COMMAND });
}

const auditActions = (db: ReturnType<typeof freshDb>, scheduleId: number) =>
  db.select().from(auditLog).where(eq(auditLog.targetId, String(scheduleId))).all().filter((a) => a.targetType === "schedule").map((a) => a.action);

describe("schedules", () => {
  it("rejects invalid cron, time zone, empty tasks", () => {
    const { db, ctx, version } = setup();
    const base = { name: "n", cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } };
    expect(() => createSchedule({ db, ctx, input: { ...base, cron: "61 * * * *" } })).toThrow(/not a valid cron expression/);
    expect(() => createSchedule({ db, ctx, input: { ...base, timezone: "Mars/Olympus" } })).toThrow(/not an IANA time zone/);
    expect(() => createSchedule({ db, ctx, input: { ...base, target: { ...base.target, tasks: [] } } })).toThrow(/choose at least one task/);
    const created = createSchedule({ db, ctx, input: base });
    expect(created.description).toBe("At 02:00, every day (UTC)");
    expect(created.nextFireTimes).toHaveLength(5);
    // A zone typed in another case is stored under its canonical name.
    expect(createSchedule({ db, ctx, input: { ...base, name: "m", timezone: "europe/berlin" } }).timezone).toBe("Europe/Berlin");
  });

  it("a slot fires once: the firing row is the lock (restart, clock jump, two workers)", async () => {
    const { db, ctx, publisher, config, version } = setup();
    const schedule = createSchedule({ db, ctx, input: { name: "nightly", cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } } });
    const slot = new Date("2026-11-27T02:00:00Z");
    const results = await Promise.all([1, 2, 3].map(() => fireSchedule(db, { scheduleId: schedule.id, scheduledAt: slot, trigger: "cron", publisher, deps: config })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const fired = results.find(Boolean)!;
    expect(fired).toMatchObject({ outcome: "started", runIds: [expect.any(Number)] });
    const run = db.select().from(runs).where(eq(runs.id, fired.runIds[0])).get()!;
    expect(run).toMatchObject({ source: "scheduled", modelVersionId: version.id, status: "queued" });
    // Overlap "skip": the next slot is skipped while that run is unfinished.
    const next = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: new Date("2026-11-28T02:00:00Z"), trigger: "cron", publisher, deps: config });
    expect(next).toMatchObject({ outcome: "skipped" });
    expect(next!.message).toMatch(/still running \(run #\d+\)/);
  });

  it("an archived version makes the firing fail clearly; the schedule keeps going and the owner is notified", async () => {
    const { db, ctx, owner, publisher, config, version } = setup();
    const schedule = createSchedule({ db, ctx, input: { name: "weekly", cron: "0 3 * * 1", timezone: "UTC", overlap: "queue", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } } });
    updateVersion({ db, ctx, input: { versionId: version.id, status: "archived" } });
    const firing = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: new Date("2026-11-30T03:00:00Z"), trigger: "cron", publisher, deps: config });
    expect(firing).toMatchObject({ outcome: "failed" });
    expect(firing!.message).toMatch(/archived/);
    expect(db.select().from(schedules).where(eq(schedules.id, schedule.id)).get()!.enabled).toBe(true);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, owner.id), eq(notifications.event, "schedule_failed"))).all()).toHaveLength(1);
  });

  it("misfire policies after downtime: run once vs skip", async () => {
    const { db, ctx, publisher, version } = setup();
    const target = { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] };
    const once = createSchedule({ db, ctx, input: { name: "once", cron: "0 * * * *", timezone: "UTC", misfire: "run_once", target } });
    const skip = createSchedule({ db, ctx, input: { name: "skip", cron: "0 * * * *", timezone: "UTC", misfire: "skip", target } });
    // Both were saved long ago; the worker was down since.
    db.update(schedules).set({ updatedAt: new Date(Date.now() - 10 * 3600_000) }).run();
    const scheduler = new Scheduler({ db, publisher, log: () => {} });
    scheduler.start();
    await publisher.waitFor((e) => e.event === "run:updated");
    scheduler.stop();
    const firingsOf = (id: number) => db.select().from(scheduleFirings).where(eq(scheduleFirings.scheduleId, id)).all();
    expect(firingsOf(once.id)).toEqual([expect.objectContaining({ trigger: "misfire", outcome: "started" })]);
    expect(firingsOf(skip.id)).toEqual([]);
    // Restarting again does not fire the same missed slot twice.
    const again = new Scheduler({ db, publisher, log: () => {} });
    again.start();
    again.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(firingsOf(once.id)).toHaveLength(1);
  });

  it("two schedulers (two workers) on an every-second schedule never double-fire a slot; pausing stops firings", async () => {
    const { db, ctx, publisher, version } = setup();
    const schedule = createSchedule({ db, ctx, input: { name: "fast", cron: "* * * * * *", timezone: "UTC", overlap: "queue", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } } });
    const a = new Scheduler({ db, publisher, log: () => {} });
    const b = new Scheduler({ db, publisher, log: () => {} });
    a.start();
    b.start();
    const count = () => db.select().from(scheduleFirings).where(eq(scheduleFirings.scheduleId, schedule.id)).all().length;
    const deadline = Date.now() + 10_000;
    while (count() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    updateSchedule({ db, ctx, input: { scheduleId: schedule.id, enabled: false }, publisher });
    a.reload();
    b.reload();
    const firings = db.select().from(scheduleFirings).where(eq(scheduleFirings.scheduleId, schedule.id)).all();
    expect(firings.length).toBeGreaterThanOrEqual(3);
    expect(new Set(firings.map((f) => f.scheduledAt.getTime())).size).toBe(firings.length);
    const afterPause = count();
    // Proving an absence needs a bounded wait: at least one tick of the every-second schedule must have passed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(count()).toBe(afterPause);
    a.stop();
    b.stop();
  });
});

describe("editing a schedule changes only what is sent", () => {
  it("pausing keeps the overlap and misfire policies; resuming is audited only when it resumes", () => {
    const { db, ctx, publisher, version } = setup();
    const target = { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"], params: { limit: 4 } };
    const created = createSchedule({ db, ctx, input: { name: "policies", cron: "0 2 * * *", timezone: "UTC", overlap: "queue", misfire: "run_once", target }, publisher });
    // What the pause toggle sends.
    const paused = updateSchedule({ db, ctx, input: { scheduleId: created.id, enabled: false }, publisher });
    expect(paused).toMatchObject({ enabled: false, overlap: "queue", misfire: "run_once", target });
    expect(db.select().from(schedules).where(eq(schedules.id, created.id)).get()).toMatchObject({ enabled: false, overlap: "queue", misfire: "run_once" });
    const resumed = updateSchedule({ db, ctx, input: { scheduleId: created.id, enabled: true }, publisher });
    expect(resumed).toMatchObject({ enabled: true, overlap: "queue", misfire: "run_once" });
    // The edit form sends enabled=true with everything else: nothing was resumed.
    updateSchedule({ db, ctx, input: { scheduleId: created.id, enabled: true, name: "policies 2" }, publisher });
    expect(auditActions(db, created.id)).toEqual(["schedule.create", "schedule.pause", "schedule.resume", "schedule.update"]);
  });

  it("a PATCH of just the name keeps a paused schedule paused, and is audited as an update", () => {
    const { db, ctx, publisher, version } = setup();
    const created = createSchedule({ db, ctx, input: { name: "quiet", cron: "0 2 * * *", timezone: "UTC", enabled: false, misfire: "run_once", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } }, publisher });
    const renamed = updateSchedule({ db, ctx, input: { scheduleId: created.id, name: "renamed" }, publisher });
    expect(renamed).toMatchObject({ name: "renamed", enabled: false, overlap: "skip", misfire: "run_once", nextFireTimes: [] });
    expect(db.select().from(schedules).where(eq(schedules.id, created.id)).get()!.enabled).toBe(false);
    expect(auditActions(db, created.id)).toEqual(["schedule.create", "schedule.update"]);
    const [update] = db.select().from(auditLog).where(eq(auditLog.action, "schedule.update")).all();
    expect(update.detail).toEqual({ name: "renamed" });
  });
});

describe("where scheduled and batched runs execute", () => {
  it("a schedule's executor is checked when it is saved: Slurm chosen but not configured is a field error", async () => {
    const { db, ctx, publisher, config, version } = setup();
    const base = { name: "on slurm", cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"], params: { executor: "slurm" } } };
    const notConfigured = await fieldsOf(() => createSchedule({ db, ctx, input: base, publisher }));
    expect(notConfigured["target.params.executor"]).toEqual([expect.stringMatching(/Slurm is not configured/)]);
    expect(await fieldsOf(() => createSchedule({ db, ctx, input: { ...base, target: { ...base.target, params: { executor: "gpu" } } }, publisher }))).toEqual({
      "target.params.executor": ["executor must be local or slurm"],
    });
    // Parameters are checked through the API too (the form used to be the only place they were).
    expect(Object.keys(await fieldsOf(() => createSchedule({ db, ctx, input: { ...base, target: { ...base.target, params: { limit: -1 } } }, publisher })))).toEqual(["target.params.limit"]);
    expect(db.select().from(schedules).all()).toEqual([]);

    setSlurm(db, true);
    const local = createSchedule({ db, ctx, input: { ...base, name: "here", target: { ...base.target, params: { executor: "local" } } }, publisher });
    const slurm = createSchedule({ db, ctx, input: base, publisher });
    expect(slurm.target.params).toEqual({ executor: "slurm" });
    const fired = await fireSchedule(db, { scheduleId: slurm.id, scheduledAt: new Date("2026-11-27T02:00:00Z"), trigger: "cron", publisher, deps: config });
    const firedLocal = await fireSchedule(db, { scheduleId: local.id, scheduledAt: new Date("2026-11-27T02:00:00Z"), trigger: "cron", publisher, deps: config });
    expect(db.select().from(runs).where(eq(runs.id, fired!.runIds[0])).get()!.executor).toBe("slurm");
    expect(db.select().from(runs).where(eq(runs.id, firedLocal!.runIds[0])).get()!.executor).toBe("local");

    // Slurm unconfigured later: pausing still works (the target is not re-checked), re-saving the target says why not.
    setSlurm(db, false);
    expect(updateSchedule({ db, ctx, input: { scheduleId: slurm.id, enabled: false }, publisher }).enabled).toBe(false);
    expect(Object.keys(await fieldsOf(() => updateSchedule({ db, ctx, input: { scheduleId: slurm.id, target: base.target }, publisher })))).toEqual(["target.params.executor"]);
  });

  it("a schedule's host paths are checked when it is saved, not when it fires at 02:00", async () => {
    const { db, ctx, publisher, version } = setup();
    const base = { name: "paths", cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"], params: { includePath: "/" } } };
    const fields = await fieldsOf(() => createSchedule({ db, ctx, input: base, publisher }));
    expect(fields["target.params.includePath"]).toEqual([expect.stringMatching(/include folder/i)]);
    const cache = await fieldsOf(() => createSchedule({ db, ctx, input: { ...base, target: { ...base.target, params: { useCache: "/etc/cache" } } }, publisher }));
    expect(cache["target.params.useCache"]).toEqual([expect.any(String)]);
  });

  it("a batch's executor is checked before anything is written, and its runs go where it says", async () => {
    const { db, ctx, publisher, config, version } = setup();
    const input = { modelVersionIds: [version.id], tasks: ["mme"], params: { executor: "slurm" } };
    expect((await fieldsOf(() => createBatch({ db, ctx, input, deps: config, publisher })))["params.executor"]).toEqual([expect.stringMatching(/Slurm is not configured/)]);
    expect(db.select().from(batches).all()).toEqual([]);
    expect(db.select().from(runs).all()).toEqual([]);
    setSlurm(db, true);
    const batch = await createBatch({ db, ctx, input, deps: config, publisher });
    expect(batch.target.params).toEqual({ executor: "slurm" });
    expect(db.select().from(runs).where(eq(runs.id, batch.items[0].runId!)).get()!.executor).toBe("slurm");
  });
});

describe("runs fired by a schedule", () => {
  it("are audited as by the schedule, on behalf of its owner", async () => {
    const { db, owner, ctx, publisher, config, version } = setup();
    const schedule = createSchedule({ db, ctx, input: { name: "nightly", cron: "0 2 * * *", timezone: "UTC", target: { type: "evaluation", modelVersionIds: [version.id], tasks: ["mme"] } }, publisher });
    const firing = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: new Date("2026-11-27T02:00:00Z"), trigger: "cron", publisher, deps: config });
    const [entry] = db.select().from(auditLog).where(and(eq(auditLog.action, "run.create"), eq(auditLog.targetId, String(firing!.runIds[0])))).all();
    expect(entry).toMatchObject({ actorId: owner.id, actorLabel: `schedule "nightly" (owner ${owner.email})` });
    expect(entry.detail).toMatchObject({ source: "scheduled" });
    // The label's other forms, for comparison: the owner acting directly, and the system.
    expect(actorLabel(ctx)).toBe(owner.email);
    expect(actorLabel({ actor: null, via: "schedule" })).toBe("schedule (owner system)");
  });

  it("a comparison batch fired by a schedule is audited the same way", async () => {
    const { db, owner, ctx, publisher, config, version } = setup();
    const schedule = createSchedule({ db, ctx, input: { name: "weekly board", cron: "0 2 * * 1", timezone: "UTC", target: { type: "comparison", modelVersionIds: [version.id], tasks: ["mme"] } }, publisher });
    const firing = await fireSchedule(db, { scheduleId: schedule.id, scheduledAt: new Date("2026-11-30T02:00:00Z"), trigger: "cron", publisher, deps: config });
    const labels = db.select().from(auditLog).all().filter((a) => a.action === "batch.create" || (a.action === "run.create" && a.targetId === String(firing!.runIds[0])));
    expect(labels.map((a) => a.actorLabel)).toEqual([`schedule "weekly board" (owner ${owner.email})`, `schedule "weekly board" (owner ${owner.email})`]);
  });
});

describe("batches", () => {
  it("a run that cannot be created (an archived version) writes nothing: no batch, no items, no runs", async () => {
    const { db, ctx, publisher, config, model, version } = setup();
    const archived = createVersion({ db, ctx, input: { modelId: model.id, label: "old", backend: "standin" }, publisher });
    updateVersion({ db, ctx, input: { versionId: archived.id, status: "archived" } });
    await expect(createBatch({ db, ctx, input: { modelVersionIds: [version.id, archived.id], tasks: ["mme"] }, deps: config, publisher })).rejects.toThrow(/archived/);
    expect(await fieldsOf(() => createBatch({ db, ctx, input: { modelVersionIds: [version.id, archived.id], tasks: ["mme"] }, deps: config, publisher }))).toEqual({ modelVersionIds: ["Archived"] });
    expect(db.select().from(batches).all()).toEqual([]);
    expect(db.select().from(batchItems).all()).toEqual([]);
    expect(db.select().from(runs).all()).toEqual([]);
    expect(db.select().from(auditLog).all().filter((a) => a.action === "batch.create" || a.action === "run.create")).toEqual([]);
  });

  it("a parameter only createRun itself checks (the include path) writes nothing either", async () => {
    const { db, ctx, publisher, config, model, version } = setup();
    const second = createVersion({ db, ctx, input: { modelId: model.id, label: "v2", backend: "standin" }, publisher });
    const fields = await fieldsOf(() => createBatch({ db, ctx, input: { modelVersionIds: [version.id, second.id], tasks: ["mme"], params: { includePath: "/nonexistent/tasks" } }, deps: config, publisher }));
    expect(Object.keys(fields)).toEqual(["params.includePath"]);
    expect(db.select().from(batches).all()).toEqual([]);
    expect(db.select().from(runs).all()).toEqual([]);
  });

  it("create only the missing runs: identical version + task + parameters are reused unless forced", async () => {
    const { db, owner, ctx, publisher, config, version } = setup();
    const existing = await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "mme", docs: 10, correct: () => true }] });
    const batch = await createBatch({ db, ctx, input: { modelVersionIds: [version.id], tasks: ["mme", "ai2d"] }, deps: config, publisher });
    expect(batch.items.find((i) => i.task === "mme")).toMatchObject({ reused: true, runId: existing });
    const launched = batch.items.find((i) => i.task === "ai2d")!;
    expect(launched.reused).toBe(false);
    expect(db.select().from(runs).where(eq(runs.id, launched.runId!)).get()!.tasks).toEqual(["ai2d"]);
    expect(batch.progress).toMatchObject({ total: 2, done: 1, reused: 1 });
    const forced = await createBatch({ db, ctx, input: { modelVersionIds: [version.id], tasks: ["mme"], force: true }, deps: config, publisher });
    expect(forced.items[0].reused).toBe(false);
    const withOtherLimit = await createBatch({ db, ctx, input: { modelVersionIds: [version.id], tasks: ["mme"], params: { limit: 5 } }, deps: config, publisher });
    expect(withOtherLimit.items[0].reused).toBe(false);
  });
});

describe("notifications: webhooks (signed, retried) and e-mail (real SMTP sink)", () => {
  let receiver: http.Server;
  let receiverUrl = "";
  const received: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
  let failuresLeft = 2;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: string[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failuresLeft-- > 0) {
          res.writeHead(503).end();
          return;
        }
        received.push({ body, headers: req.headers });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (c) => (data += c));
        stream.on("end", () => {
          mails.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    smtpPort = (smtp.server.address() as { port: number }).port;
  });
  afterAll(() => {
    receiver.close();
    smtp.close();
  });

  it("delivers a Slack-compatible, HMAC-signed webhook after retries with backoff, without blocking", async () => {
    const { db, owner, publisher } = setup();
    const admin = insertUser(db, "admin");
    // The receiver is on 127.0.0.1: private targets are refused unless explicitly allowed (ALLOW_PRIVATE_WEBHOOKS).
    const { secret } = createWebhook({ db, ctx: ctxFor(admin), input: { name: "slack", url: receiverUrl, events: ["run_failed"] }, allowPrivateTargets: true });
    expect(() => createWebhook({ db, ctx: ctxFor(admin), input: { name: "x", url: "ftp://example.org", events: ["run_failed"] } })).toThrow(/http\(s\)/);
    notify(db, publisher, { event: "run_failed", userIds: [owner.id], runIds: [], title: "Run #7 failed", body: "boom", link: "/runs/7" });
    const { getConfig } = await import("@/lib/config");
    const encryptionKey = getConfig().encryptionKey;
    let now = new Date();
    for (let i = 0; i < 3; i++) {
      await processDueDeliveries(db, { senders: defaultSenders(db, { allowPrivateWebhooks: true }), encryptionKey, now });
      now = new Date(now.getTime() + 10 * 60_000);
    }
    const [delivery] = db.select().from(deliveries).all();
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, channel: "webhook" });
    expect(received).toHaveLength(1);
    const { body, headers } = received[0];
    expect(JSON.parse(body)).toMatchObject({ text: expect.stringContaining("Run #7 failed"), event: "run_failed", link: expect.stringMatching(/\/runs\/7$/) });
    expect(headers["x-dashboard-signature"]).toBe(signWebhook(secret, String(headers["x-dashboard-timestamp"]), body));
  });

  it("gives up after MAX_ATTEMPTS and logs the failure; an unreachable URL never throws", async () => {
    const { db, owner, publisher } = setup();
    const admin = insertUser(db, "admin");
    createWebhook({ db, ctx: ctxFor(admin), input: { name: "dead", url: "http://127.0.0.1:9/nowhere", events: ["run_failed"] }, allowPrivateTargets: true });
    notify(db, publisher, { event: "run_failed", userIds: [owner.id], runIds: [], title: "x" });
    const { getConfig } = await import("@/lib/config");
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await processDueDeliveries(db, { senders: defaultSenders(db, { allowPrivateWebhooks: true }), encryptionKey: getConfig().encryptionKey, now });
      now = new Date(now.getTime() + 3600_000);
    }
    const [delivery] = db.select().from(deliveries).all();
    expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(delivery.lastError).toBeTruthy();
  });

  it("e-mails users who opted in, through the configured SMTP server", async () => {
    const { db, owner, ctx, publisher } = setup();
    const admin = insertUser(db, "admin");
    saveSmtpSettings({ db, ctx: ctxFor(admin), input: { host: "127.0.0.1", port: smtpPort, secure: false, from: "dashboard@example.org", password: "smtp-secret" } });
    setNotificationPrefs({ db, ctx, input: [{ event: "batch_finished", inApp: true, email: true }] });
    notify(db, publisher, { event: "batch_finished", userIds: [owner.id], runIds: [], title: "Batch finished: nightly", body: "3 runs", link: "/compare" });
    const { getConfig } = await import("@/lib/config");
    await processDueDeliveries(db, { senders: defaultSenders(db), encryptionKey: getConfig().encryptionKey });
    expect(db.select().from(deliveries).all()[0]).toMatchObject({ channel: "email", status: "delivered", recipient: owner.email });
    expect(mails.at(-1)).toMatch(/Subject: Batch finished: nightly/);
    expect(db.select().from(notifications).where(eq(notifications.userId, owner.id)).all()).toHaveLength(1);
    expect(publisher.events.some((e) => e.room === `user:${owner.id}` && e.event === "notification:new")).toBe(true);
  });

  it("clearing the mail server removes it (and its sealed password), so e-mail is off again", () => {
    const { db } = setup();
    const admin = insertUser(db, "admin");
    saveSmtpSettings({ db, ctx: ctxFor(admin), input: { host: "127.0.0.1", port: smtpPort, secure: false, from: "dashboard@example.org", password: "smtp-secret" } });
    expect(getSmtpSettings({ db, ctx: ctxFor(admin) })).toMatchObject({ host: "127.0.0.1" });
    clearSmtpSettings({ db, ctx: ctxFor(admin) });
    expect(getSmtpSettings({ db, ctx: ctxFor(admin) })).toBeNull();
    expect(JSON.stringify(db.select().from(settings).all())).not.toContain("smtp");
  });
});

describe("regressions and after-run hooks", () => {
  it("a new version significantly worse than the previous one notifies, with a link to the flipped samples", async () => {
    const { db, owner, ctx, publisher, model, version } = setup();
    const v2 = createVersion({ db, ctx, input: { modelId: model.id, label: "v2", backend: "standin", parentVersionId: version.id }, publisher });
    await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 8 }] });
    const worse = await syntheticRun(db, { createdById: owner.id, modelVersionId: v2.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 4 }] });
    const { detectRegression } = await import("@/lib/services/notifications/regression");
    const found = detectRegression(db, publisher, worse);
    expect(found).toEqual([expect.objectContaining({ task: "ai2d", metric: "exact_match", test: expect.stringMatching(/McNemar/) })]);
    const [note] = db.select().from(notifications).where(and(eq(notifications.userId, owner.id), eq(notifications.event, "regression"))).all();
    expect(note.title).toMatch(/v2 is significantly worse than v1/);
    expect(note.link).toMatch(new RegExp(`^/compare/samples\\?base=\\d+&other=${worse}&task=ai2d&bucket=broken$`));
    // A better version is not a regression.
    const better = await syntheticRun(db, { createdById: owner.id, modelVersionId: v2.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 9 }] });
    expect(detectRegression(db, publisher, better)).toEqual([]);
  });

  it("the baseline is the previous version by version order on the same task, never a newer version", async () => {
    const { db, owner, ctx, publisher, model, version } = setup();
    const v2 = createVersion({ db, ctx, input: { modelId: model.id, label: "v2", backend: "standin" }, publisher });
    const v3 = createVersion({ db, ctx, input: { modelId: model.id, label: "v3", backend: "standin" }, publisher });
    const { detectRegression } = await import("@/lib/services/notifications/regression");
    const regressionTitles = () => db.select().from(notifications).where(eq(notifications.event, "regression")).all().map((n) => n.title);
    // v2 is evaluated first and is good; v1 is evaluated later and is poor.
    await syntheticRun(db, { createdById: owner.id, modelVersionId: v2.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 8 }] });
    const v1Run = await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 4 }] });
    // v1 has no previous version: being worse than the newer v2 is not a regression of v1.
    expect(detectRegression(db, publisher, v1Run)).toEqual([]);
    // v3 is compared with v2 (the version before it), not with v1 (the latest result in time).
    const v3Run = await syntheticRun(db, { createdById: owner.id, modelVersionId: v3.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 6 }] });
    const found = detectRegression(db, publisher, v3Run);
    expect(found).toHaveLength(1);
    expect(db.select().from(runs).where(eq(runs.id, found[0].previousRunId)).get()!.modelVersionId).toBe(v2.id);
    expect(regressionTitles()).toEqual([expect.stringMatching(/v3 is significantly worse than v2$/)]);
  });

  it("on each task, the nearest earlier version that has a result on that task is the baseline", async () => {
    const { db, owner, ctx, publisher, model, version } = setup();
    const v2 = createVersion({ db, ctx, input: { modelId: model.id, label: "v2", backend: "standin" }, publisher });
    const v3 = createVersion({ db, ctx, input: { modelId: model.id, label: "v3", backend: "standin" }, publisher });
    const { detectRegression } = await import("@/lib/services/notifications/regression");
    // v2 measured only ai2d (good); v1 measured mme (good) and, later, ai2d again (poor). v3 is middling on both.
    await syntheticRun(db, { createdById: owner.id, modelVersionId: v2.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 9 }] });
    await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "mme", docs: 300, correct: (i) => i % 10 < 9 }] });
    await syntheticRun(db, { createdById: owner.id, modelVersionId: version.id, tasks: [{ task: "ai2d", docs: 300, correct: (i) => i % 10 < 3 }] });
    const v3Run = await syntheticRun(db, {
      createdById: owner.id,
      modelVersionId: v3.id,
      tasks: [
        { task: "mme", docs: 300, correct: (i) => i % 10 < 5 },
        { task: "ai2d", docs: 300, correct: (i) => i % 10 < 5 },
      ],
    });
    // ai2d against v2 (v1's later result is older in version order), mme against v1 (v2 never measured it): both worse.
    const found = detectRegression(db, publisher, v3Run);
    const baselineVersion = (r: { previousRunId: number }) => db.select().from(runs).where(eq(runs.id, r.previousRunId)).get()!.modelVersionId;
    expect(Object.fromEntries(found.map((r) => [r.task, baselineVersion(r)]))).toEqual({ ai2d: v2.id, mme: version.id });
  });

  it("after-run hooks notify failures once, even with two workers, and skip history on first start", async () => {
    const { db, owner, publisher } = setup();
    const { processFinishedRuns } = await import("@/lib/services/runs/worker/process-finished-runs");
    const old = db.insert(runs).values({ status: "failed", model: "x", tasks: ["t"], params: {}, createdById: owner.id, finishedAt: new Date(), reason: "old" }).returning().get();
    expect(processFinishedRuns(db, publisher, () => {})).toBe(0);
    const fresh = db.insert(runs).values({ status: "failed", model: "x", tasks: ["t"], params: {}, createdById: owner.id, finishedAt: new Date(), reason: "boom" }).returning().get();
    expect(processFinishedRuns(db, publisher, () => {}) + processFinishedRuns(db, publisher, () => {})).toBe(1);
    const failures = db.select().from(notifications).where(eq(notifications.event, "run_failed")).all();
    expect(failures.map((n) => n.link)).toEqual([`/runs/${fresh.id}`]);
    expect(failures.some((n) => n.link === `/runs/${old.id}`)).toBe(false);
  });
});
