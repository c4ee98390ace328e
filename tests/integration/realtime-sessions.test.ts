import { execFile } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, openDatabase, type DB } from "@/db/client";
import { setDb } from "@/lib/db";
import { runs } from "@/db/schema";
import { attachSocketServer, type RealtimeServer } from "@/lib/realtime/socket-server";
import { webPublisher } from "@/lib/realtime/publish";
import { createComment } from "@/lib/services/comments/comments";
import { updateUser } from "@/lib/services/users/update-user";
import { ctxFor, insertUser } from "../helpers/db";
import { tempDir } from "../helpers/standin";

/**
 * Live events stop when a session ends. The database is a file so that the admin CLI — another process, which cannot
 * reach this socket server — changes the same data the server re-checks.
 */
const SECRET = "test-nextauth-secret-0123456789";
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dataDir = tempDir("realtime-sessions-");
let db: DB;
const servers: RealtimeServer[] = [];
const sockets: Socket[] = [];
/** The server most tests use: it re-checks sessions often, so the CLI's change is noticed quickly. */
let port = 0;
/** A server whose periodic check never runs during the tests: whatever it notices, it noticed on a room join. */
let joinOnlyPort = 0;

async function startServer(sessionCheckMs: number): Promise<number> {
  const server = http.createServer();
  servers.push(attachSocketServer(server, { nextAuthSecret: SECRET, internalSecret: "internal-secret-0123456789", secureCookie: false, sessionCheckMs }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  db = openDatabase(path.join(dataDir, "dashboard.db"));
  applyMigrations(db);
  setDb(db);
  // Services publish through the socket server registered last: that is the one most tests use.
  joinOnlyPort = await startServer(60 * 60_000);
  port = await startServer(100);
});
afterAll(() => {
  for (const s of sockets) s.close();
  for (const io of servers) io.close();
  db.$client.close();
});

const cookieFor = async (userId: number, sv = 1) => `next-auth.session-token=${await encode({ token: { sub: String(userId), sv }, secret: SECRET })}`;

function open(cookie: string, at = port): Promise<{ socket: Socket; error: Error | null }> {
  const socket = connect(`http://127.0.0.1:${at}`, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket, error: null }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

const subscribe = (socket: Socket, room: string) => new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit("subscribe", room, resolve));

/** Resolves with what the socket heard once the server closed it: the session:ended reason, then the disconnect. */
function ended(socket: Socket): Promise<{ reason: string; disconnect: string }> {
  return new Promise((resolve) => {
    let reason = "";
    socket.once("session:ended", (payload: { reason: string }) => (reason = payload.reason));
    socket.once("disconnect", (disconnect) => resolve({ reason, disconnect }));
  });
}

/** A member in a run's room who hears the run's comments; returns what they heard and a way to await the next one. */
async function watcher(role: "member" | "viewer" = "member", at = port) {
  const user = insertUser(db, role);
  const cookie = await cookieFor(user.id);
  const { socket, error } = await open(cookie, at);
  expect(error).toBeNull();
  const heard: string[] = [];
  socket.on("comment:created", (comment: { body: string }) => heard.push(comment.body));
  return { user, cookie, socket, heard };
}

describe("a session that ends takes its open sockets with it", () => {
  const admin = () => insertUser(db, "admin");
  const newRun = (ownerId: number) => db.insert(runs).values({ status: "running", model: "m", tasks: ["t"], params: {}, createdById: ownerId }).returning().get();

  it("a user disabled while watching a run stops receiving its events at once, is disconnected and cannot come back", async () => {
    const boss = admin();
    const run = newRun(boss.id);
    const room = `run:${run.id}`;
    const disabled = await watcher();
    const colleague = await watcher();
    expect(await subscribe(disabled.socket, room)).toEqual({ ok: true });
    expect(await subscribe(colleague.socket, room)).toEqual({ ok: true });
    const first = new Promise((resolve) => disabled.socket.once("comment:created", resolve));
    createComment({ db, ctx: ctxFor(boss), input: { runId: run.id, body: "before" }, publisher: webPublisher });
    await first;

    const closed = ended(disabled.socket);
    updateUser({ db, ctx: ctxFor(boss), input: { userId: disabled.user.id, disabled: true } });
    expect(await closed).toEqual({ reason: expect.stringContaining("session ended"), disconnect: "io server disconnect" });

    const colleagueHears = new Promise((resolve) => colleague.socket.once("comment:created", resolve));
    createComment({ db, ctx: ctxFor(boss), input: { runId: run.id, body: "after" }, publisher: webPublisher });
    await colleagueHears;
    expect(disabled.heard).toEqual(["before"]);
    expect(colleague.heard).toEqual(["before", "after"]);

    // Neither the old cookie nor a reconnect of the closed socket gets back in.
    expect((await open(disabled.cookie)).error?.message).toBe("unauthorized");
    const again = new Promise<Error>((resolve) => disabled.socket.once("connect_error", resolve));
    disabled.socket.connect();
    expect((await again).message).toBe("unauthorized");
  });

  it("a role change ends the sockets of the old session too", async () => {
    const boss = admin();
    const demoted = await watcher("member");
    const closed = ended(demoted.socket);
    updateUser({ db, ctx: ctxFor(boss), input: { userId: demoted.user.id, role: "viewer" } });
    expect((await closed).disconnect).toBe("io server disconnect");
  });

  it("a room join re-reads the user: a session ended behind the server's back cannot join anything", async () => {
    const boss = admin();
    const run = newRun(boss.id);
    const stale = await watcher("member", joinOnlyPort);
    expect(await subscribe(stale.socket, "runs")).toEqual({ ok: true });
    const closed = ended(stale.socket);
    // Straight to the database, as another process would, without telling this server.
    db.$client.prepare("update users set disabled = 1 where id = ?").run(stale.user.id);
    expect(await subscribe(stale.socket, `run:${run.id}`)).toEqual({ ok: false, error: "unauthorized" });
    expect((await closed).disconnect).toBe("io server disconnect");
  });

  it("`npm run admin -- reset-password`, run in another process, ends the user's open sockets", async () => {
    const boss = admin();
    const run = newRun(boss.id);
    const user = await watcher();
    expect(await subscribe(user.socket, `run:${run.id}`)).toEqual({ ok: true });
    const closed = ended(user.socket);
    const env = { ...process.env, DATA_DIR: dataDir };
    await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/admin.ts", "reset-password", "--email", user.user.email, "--password", "a-new-password-1"], { cwd: ROOT, env });
    expect(await closed).toEqual({ reason: expect.stringContaining("session ended"), disconnect: "io server disconnect" });
    expect((await open(user.cookie)).error?.message).toBe("unauthorized");
    // The new session (version bumped by the reset) works.
    expect((await open(await cookieFor(user.user.id, 2))).error).toBeNull();
  });
});
