import http from "node:http";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { runs } from "@/db/schema";
import { INTERNAL_NAMESPACE } from "@/lib/realtime/events";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { webPublisher } from "@/lib/realtime/publish";
import { createComment } from "@/lib/services/comments/comments";
import { setRunSharing } from "@/lib/services/comments/sharing";
import { updateUser } from "@/lib/services/users/update-user";
import { ctxFor, freshDb, insertUser } from "../helpers/db";

const SECRET = "test-nextauth-secret-0123456789";
const INTERNAL = "test-internal-secret-0123456789";
const db = freshDb();
setDb(db);
const admin = insertUser(db, "admin");
const viewer = insertUser(db, "viewer");
let server: http.Server;
let port = 0;
const sockets: Socket[] = [];

async function cookieFor(userId: number, sv = 1): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: String(userId), sv }, secret: SECRET })}`;
}

function open(opts: { cookie?: string; namespace?: string; auth?: Record<string, string> } = {}): Promise<{ socket: Socket; error: Error | null }> {
  const socket = connect(`http://127.0.0.1:${port}${opts.namespace ?? ""}`, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
    auth: opts.auth,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({ socket, error: null }));
    socket.on("connect_error", (error) => resolve({ socket, error }));
  });
}

const progressEvent = (runId: number) => ({
  runId,
  progress: { phase: "inference", task: null, tasks: ["t"], requestType: "generate_until", n: 3, total: 10, rate: 1.5, etaSeconds: 5, percent: 40 },
});

const subscribe = (socket: Socket, room: string) => new Promise<{ ok: boolean }>((resolve) => socket.emit("subscribe", room, resolve));

beforeAll(async () => {
  server = http.createServer();
  attachSocketServer(server, { nextAuthSecret: SECRET, internalSecret: INTERNAL, secureCookie: false });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  for (const s of sockets) s.close();
  server.close();
});

describe("socket.io authorisation", () => {
  it("refuses handshakes without a valid session, or with a revoked one", async () => {
    expect((await open()).error?.message).toBe("unauthorized");
    expect((await open({ cookie: "next-auth.session-token=garbage" })).error?.message).toBe("unauthorized");
    const other = insertUser(db, "member");
    const stale = await cookieFor(other.id, 1);
    updateUser({ db, ctx: ctxFor(admin), input: { userId: other.id, disabled: true } });
    expect((await open({ cookie: stale })).error?.message).toBe("unauthorized");
  });

  it("authorises every room join; relays worker events only to the room", async () => {
    const { socket, error } = await open({ cookie: await cookieFor(viewer.id) });
    expect(error).toBeNull();
    expect(await subscribe(socket, "runs")).toEqual({ ok: true });
    const run = db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: admin.id }).returning().get();
    expect(await subscribe(socket, `run:${run.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, "run:99999")).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(socket, `user:${admin.id}`)).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(socket, "../../etc")).toEqual({ ok: false, error: "forbidden" });

    expect((await open({ namespace: INTERNAL_NAMESPACE, auth: { secret: "wrong" } })).error?.message).toBe("unauthorized");
    const worker = await open({ namespace: INTERNAL_NAMESPACE, auth: { secret: INTERNAL } });
    expect(worker.error).toBeNull();
    const received = new Promise((resolve) => socket.once("run:progress", resolve));
    worker.socket.emit("publish", { room: "run:99", event: "run:progress", payload: progressEvent(99) });
    worker.socket.emit("publish", { room: `run:${run.id}`, event: "run:progress", payload: progressEvent(run.id) });
    expect(await received).toEqual(progressEvent(run.id));
  });

  it("relays only worker events that keep the contract: unknown events and wrong payloads are dropped", async () => {
    const { socket } = await open({ cookie: await cookieFor(viewer.id) });
    const run = db.insert(runs).values({ status: "running", model: "m", tasks: ["t"], params: {}, createdById: admin.id }).returning().get();
    expect(await subscribe(socket, `run:${run.id}`)).toEqual({ ok: true });
    const worker = await open({ namespace: INTERNAL_NAMESPACE, auth: { secret: INTERNAL } });
    const got: Array<[string, unknown]> = [];
    socket.onAny((event, payload) => got.push([event, payload]));
    const valid = new Promise((resolve) => socket.once("run:progress", resolve));
    const room = `run:${run.id}`;
    worker.socket.emit("publish", { room, event: "run:progress", payload: { runId: run.id } });
    worker.socket.emit("publish", { room, event: "run:progress", payload: { ...progressEvent(run.id), extra: "<script>" } });
    worker.socket.emit("publish", { room, event: "made:up", payload: {} });
    worker.socket.emit("publish", { room, event: "run:updated", payload: { id: run.id, status: "succeeded" } });
    worker.socket.emit("publish", { room, event: "run:progress", payload: progressEvent(run.id) });
    // Emitted last, relayed in order: anything of the four before it would have arrived first.
    expect(await valid).toEqual(progressEvent(run.id));
    expect(got).toEqual([["run:progress", progressEvent(run.id)]]);
  });

  it("answers a join of a room that cannot exist with an error, never an uncaught exception", async () => {
    const { socket } = await open({ cookie: await cookieFor(admin.id) });
    for (const room of ["run:0", "run:-1", "run:007", "run:99999999999999999999", "comparison:runs:0,1", "user:0", 42, null, { room: "runs" }]) {
      expect(await subscribe(socket, room as string), String(room)).toEqual({ ok: false, error: "forbidden" });
    }
    // A join that asks for no answer, or passes something that is not a callback, is handled too.
    socket.emit("subscribe", "run:0");
    socket.emit("subscribe", "run:0", 5 as never);
    expect(await subscribe(socket, "runs")).toEqual({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it("presence: everyone in a run's room sees who else is viewing, and who left", async () => {
    const run = db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: admin.id }).returning().get();
    const room = `run:${run.id}`;
    const ana = await open({ cookie: await cookieFor(admin.id) });
    const bob = await open({ cookie: await cookieFor(viewer.id) });
    const seen = (socket: Socket, count: number) =>
      new Promise<Array<{ id: number }>>((resolve) => {
        const onPresence = (p: { room: string; users: Array<{ id: number }> }) => {
          if (p.room === room && p.users.length === count) {
            socket.off("presence", onPresence);
            resolve(p.users);
          }
        };
        socket.on("presence", onPresence);
      });
    const both = seen(ana.socket, 2);
    await subscribe(ana.socket, room);
    await subscribe(bob.socket, room);
    expect((await both).map((u) => u.id).sort()).toEqual([admin.id, viewer.id].sort());
    const alone = seen(ana.socket, 1);
    bob.socket.close();
    expect((await alone).map((u) => u.id)).toEqual([admin.id]);
  });

  it("a socket stays in its own user room (notifications) even if the page asks to leave it", async () => {
    const { socket } = await open({ cookie: await cookieFor(viewer.id) });
    socket.emit("unsubscribe", `user:${viewer.id}`);
    const worker = await open({ namespace: INTERNAL_NAMESPACE, auth: { secret: INTERNAL } });
    const received = new Promise((resolve) => socket.once("notification:new", resolve));
    // The ack orders the unsubscribe before the publish on the server.
    await subscribe(socket, "runs");
    const notification = { id: 1, event: "mention", title: "Ana mentioned you", body: "", link: null, createdAt: new Date(0).toISOString() };
    worker.socket.emit("publish", { room: `user:${viewer.id}`, event: "notification:new", payload: notification });
    expect(await received).toEqual(notification);
  });

  it("a run turned private drops everyone who may no longer see it from its rooms, at once", async () => {
    const owner = insertUser(db, "member");
    const shared = insertUser(db, "member");
    const outsider = insertUser(db, "member");
    const run = db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: owner.id }).returning().get();
    const other = db.insert(runs).values({ status: "queued", model: "m", tasks: ["t"], params: {}, createdById: owner.id }).returning().get();
    const rooms = [`run:${run.id}`, `comparison:runs:${run.id},${other.id}`];
    const keeper = await open({ cookie: await cookieFor(shared.id) });
    const leaver = await open({ cookie: await cookieFor(outsider.id) });
    for (const room of rooms) {
      expect(await subscribe(keeper.socket, room)).toEqual({ ok: true });
      expect(await subscribe(leaver.socket, room)).toEqual({ ok: true });
    }
    const revoked: string[] = [];
    leaver.socket.on("room:revoked", (p: { room: string }) => revoked.push(p.room));
    let leaked = false;
    leaver.socket.on("comment:created", () => (leaked = true));
    const keeperHears = new Promise((resolve) => keeper.socket.once("comment:created", resolve));

    setRunSharing({ db, ctx: ctxFor(owner), runId: run.id, input: { visibility: "private", members: [{ userId: shared.id, permission: "view" }] }, publisher: webPublisher });
    createComment({ db, ctx: ctxFor(owner), input: { runId: run.id, body: "private now" }, publisher: webPublisher });
    expect(await keeperHears).toMatchObject({ body: "private now" });
    // Round trip after the comment: anything relayed to the outsider was written before this ack.
    await subscribe(leaver.socket, "runs");
    expect(leaked).toBe(false);
    expect(revoked.sort()).toEqual([...rooms].sort());
    expect(await subscribe(leaver.socket, rooms[0])).toEqual({ ok: false, error: "forbidden" });
  });

  it("a browser socket cannot publish as the worker", async () => {
    const { socket } = await open({ cookie: await cookieFor(viewer.id) });
    await subscribe(socket, "runs");
    const spy = await open({ cookie: await cookieFor(admin.id) });
    await subscribe(spy.socket, "runs");
    let got = false;
    spy.socket.on("run:updated", () => (got = true));
    socket.emit("publish", { room: "runs", event: "run:updated", payload: { forged: true } });
    // Round trips after the forged emit: the server handled it before these acks, and anything it relayed to the spy
    // was written to the spy's connection before the spy's own ack.
    await subscribe(socket, "runs");
    await subscribe(spy.socket, "runs");
    expect(got).toBe(false);
  });
});
