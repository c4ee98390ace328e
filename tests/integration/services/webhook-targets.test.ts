import dns from "node:dns/promises";
import http from "node:http";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { deliveries } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { InvalidInputError } from "@/lib/services/errors";
import { defaultSenders, processDueDeliveries } from "@/lib/services/notifications/deliver";
import { notify } from "@/lib/services/notifications/notify";
import { isPublicAddress } from "@/lib/services/notifications/webhook-target";
import { createWebhook, updateWebhook } from "@/lib/services/notifications/webhooks";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir } from "../../helpers/standin";

process.env.DATA_DIR ??= tempDir("webhook-targets-");

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.10",
    "100.64.0.1",
    "169.254.169.254",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "fe80::1",
    "fe80::1%eth0",
    "fd00:ec2::254",
    "fc00::1",
    "not an address",
  ])("%s is not public", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("webhook targets: no loopback, private, link-local or metadata addresses unless ALLOW_PRIVATE_WEBHOOKS", () => {
  const received: string[] = [];
  const redirected: string[] = [];
  let receiver: http.Server;
  let elsewhere: http.Server;
  let port = 0;
  let elsewherePort = 0;

  beforeAll(async () => {
    elsewhere = http.createServer((req, res) => {
      redirected.push(req.url ?? "");
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", () => r()));
    elsewherePort = (elsewhere.address() as { port: number }).port;
    receiver = http.createServer((req, res) => {
      received.push(req.url ?? "");
      req.resume();
      if (req.url === "/moved") res.writeHead(302, { location: `http://127.0.0.1:${elsewherePort}/internal` }).end();
      else res.writeHead(200).end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    port = (receiver.address() as { port: number }).port;
  });
  afterAll(() => {
    receiver.close();
    elsewhere.close();
  });

  function setup() {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    return { db, admin, publisher: new RecordingPublisher() };
  }

  it.each([
    ["http://127.0.0.1:8080/hook", "127.0.0.1 is a private, loopback or link-local address"],
    ["http://2130706433/hook", "127.0.0.1 is a private, loopback or link-local address"],
    ["http://0x7f000001/hook", "127.0.0.1 is a private, loopback or link-local address"],
    ["http://[::1]:3000/hook", "::1 is a private, loopback or link-local address"],
    ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1 is a private, loopback or link-local address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a private, loopback or link-local address"],
    ["http://10.0.0.8/hook", "10.0.0.8 is a private, loopback or link-local address"],
    ["http://localhost:3000/api/v1/runs", "localhost is this server"],
    ["https://admin.localhost/", "admin.localhost is this server"],
  ])("refuses to save %s, naming why", (url, why) => {
    const { db, admin } = setup();
    const error = (() => {
      try {
        createWebhook({ db, ctx: ctxFor(admin), input: { name: "x", url, events: ["run_failed"] } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields).toEqual({ url: [`Webhooks cannot go to ${why}: set ALLOW_PRIVATE_WEBHOOKS=1 to allow private network targets`] });
  });

  it("refuses an edit that points an existing webhook at a private address; allowed when the setting says so", () => {
    const { db, admin } = setup();
    const { webhook } = createWebhook({ db, ctx: ctxFor(admin), input: { name: "slack", url: "https://hooks.example.org/x", events: ["run_failed"] } });
    expect(() => updateWebhook({ db, ctx: ctxFor(admin), input: { webhookId: webhook.id, url: "http://169.254.169.254/" } })).toThrow(InvalidInputError);
    expect(updateWebhook({ db, ctx: ctxFor(admin), input: { webhookId: webhook.id, url: "http://169.254.169.254/" }, allowPrivateTargets: true }).url).toBe("http://169.254.169.254/");
  });

  it("a host name that resolves to a loopback address is refused at delivery: nothing reaches the server", async () => {
    const name = os.hostname();
    // This machine's own name resolves to one of its own (never public) addresses.
    const addresses = await dns.lookup(name, { all: true });
    expect(addresses.every((a) => !isPublicAddress(a.address))).toBe(true);

    const { db, admin, publisher } = setup();
    createWebhook({ db, ctx: ctxFor(admin), input: { name: "sneaky", url: `http://${name}:${port}/rebound`, events: ["run_failed"] } });
    notify(db, publisher, { event: "run_failed", userIds: [], runIds: [], title: "Run #3 failed" });
    await processDueDeliveries(db, { senders: defaultSenders(db), encryptionKey: getConfig().encryptionKey });
    const [delivery] = db.select().from(deliveries).all();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toMatch(new RegExp(`^${name} resolves to [0-9a-f.:]+, a private, loopback or link-local address \\(set ALLOW_PRIVATE_WEBHOOKS=1 to allow private network targets\\)$`));
    expect(received).not.toContain("/rebound");

    // The same delivery with private targets allowed really reaches the receiver: the refusal above was the check.
    await processDueDeliveries(db, { senders: defaultSenders(db, { allowPrivateWebhooks: true }), encryptionKey: getConfig().encryptionKey, now: new Date(Date.now() + 3600_000) });
    expect(db.select().from(deliveries).all()[0]).toMatchObject({ status: "delivered", lastStatusCode: 200 });
    expect(received).toContain("/rebound");
  });

  it("a literal private address stored before this rule is refused at delivery too", async () => {
    const { db, admin, publisher } = setup();
    createWebhook({ db, ctx: ctxFor(admin), input: { name: "old", url: `http://127.0.0.1:${port}/legacy`, events: ["run_failed"] }, allowPrivateTargets: true });
    notify(db, publisher, { event: "run_failed", userIds: [], runIds: [], title: "Run #4 failed" });
    await processDueDeliveries(db, { senders: defaultSenders(db), encryptionKey: getConfig().encryptionKey });
    expect(db.select().from(deliveries).all()[0].lastError).toBe("127.0.0.1 is a private, loopback or link-local address (set ALLOW_PRIVATE_WEBHOOKS=1 to allow private network targets)");
    expect(received).not.toContain("/legacy");
  });

  it("redirects are never followed: a 3xx is the receiver's answer", async () => {
    const { db, admin, publisher } = setup();
    createWebhook({ db, ctx: ctxFor(admin), input: { name: "moved", url: `http://127.0.0.1:${port}/moved`, events: ["run_failed"] }, allowPrivateTargets: true });
    notify(db, publisher, { event: "run_failed", userIds: [], runIds: [], title: "Run #5 failed" });
    await processDueDeliveries(db, { senders: defaultSenders(db, { allowPrivateWebhooks: true }), encryptionKey: getConfig().encryptionKey });
    expect(db.select().from(deliveries).all()[0]).toMatchObject({ status: "pending", lastStatusCode: 302, lastError: "the receiver answered HTTP 302" });
    expect(received).toContain("/moved");
    expect(redirected).toEqual([]);
  });
});
