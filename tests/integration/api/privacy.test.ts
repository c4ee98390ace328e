import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { runResults, runs, runShares } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { callRoute } from "../../helpers/api-client";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();
const dataDir = tempDir("api-privacy-");
process.env.DATA_DIR = dataDir;
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");
const importsRoot = path.join(dataDir, "to-import");
process.env.IMPORT_ROOTS = importsRoot;
const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");
const SECRET = "privacy-test-nextauth-secret-0123456789";

const db = freshDb();
setDb(db);
const owner = insertUser(db, "member");
const sharee = insertUser(db, "member");
const other = insertUser(db, "member");
const admin = insertUser(db, "admin");
const tokenOf = (user: { id: number; email: string; name: string; role: "admin" | "member" | "viewer" }) => createApiToken({ db, ctx: ctxFor(user), input: { name: "privacy" } }).token;
const tokens = { owner: tokenOf(owner), sharee: tokenOf(sharee), other: tokenOf(other), admin: tokenOf(admin) };

let server: http.Server;
let port = 0;
const sockets: Socket[] = [];

/** A browser's socket for `userId`, joined to `rooms`, recording every run:updated it receives. */
async function browserOf(userId: number, rooms: string[]): Promise<{ updates: Array<{ id: number }>; next: (id: number) => Promise<void> }> {
  const cookie = `next-auth.session-token=${await encode({ token: { sub: String(userId), sv: 1 }, secret: SECRET })}`;
  const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  for (const room of rooms) expect(await new Promise((resolve) => socket.emit("subscribe", room, resolve))).toEqual({ ok: true });
  const updates: Array<{ id: number }> = [];
  socket.on(EVENTS.runUpdated, (payload: { id: number }) => updates.push(payload));
  const next = (id: number) => new Promise<void>((resolve) => {
    const check = (payload: { id: number }) => {
      if (payload.id !== id) return;
      socket.off(EVENTS.runUpdated, check);
      resolve();
    };
    if (updates.some((u) => u.id === id)) resolve();
    else socket.on(EVENTS.runUpdated, check);
  });
  return { updates, next };
}

beforeAll(async () => {
  server = http.createServer();
  attachSocketServer(server, { nextAuthSecret: SECRET, internalSecret: "privacy-test-internal-0123456789", secureCookie: false });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  for (const s of sockets) s.close();
  server.close();
});

describe("POST /api/v1/runs creates private runs (issue 24, item 12)", () => {
  it("visibility and members are stored with the run; its queued event reaches its audience, never the team room", async () => {
    const team = await browserOf(other.id, ["runs", `user:${other.id}`]);
    const shared = await browserOf(sharee.id, ["runs", `user:${sharee.id}`]);
    const created = await callRoute("POST", "v1/runs", "/api/v1/runs", {
      token: tokens.owner,
      body: { model: "standin", tasks: ["mme"], visibility: "private", members: [{ userId: sharee.id, permission: "comment" }] },
    });
    expect(created.status, created.text).toBe(201);
    const privateId = (created.json as { id: number }).id;
    expect(db.select().from(runs).where(eq(runs.id, privateId)).get()!.visibility).toBe("private");
    expect(db.select().from(runShares).where(eq(runShares.runId, privateId)).all()).toEqual([{ runId: privateId, userId: sharee.id, permission: "comment" }]);
    await shared.next(privateId);
    // Events arrive in order: once the team has the team run that came after, the private one would have come first.
    const teamRun = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "standin", tasks: ["mme"] } });
    await team.next((teamRun.json as { id: number }).id);
    expect(team.updates.map((u) => u.id)).not.toContain(privateId);
    expect((await callRoute("GET", "v1/runs/[id]", "/x", { token: tokens.other, params: { id: String(privateId) } })).status).toBe(404);
    expect((await callRoute("GET", "v1/runs/[id]", "/x", { token: tokens.sharee, params: { id: String(privateId) } })).status).toBe(200);
  });

  it("members are validated before anything is queued", async () => {
    const before = db.select().from(runs).all().length;
    const unknown = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "standin", tasks: ["mme"], visibility: "private", members: [{ userId: 999_999, permission: "view" }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: "invalid_input", message: "unknown user(s): 999999", fields: { members: ["Unknown user"] } } });
    const badPermission = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "standin", tasks: ["mme"], visibility: "private", members: [{ userId: sharee.id, permission: "own" }] } });
    expect(badPermission.status).toBe(400);
    expect(JSON.stringify(badPermission.json)).toContain("permission must be view, comment or control");
    const twice = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "standin", tasks: ["mme"], members: [{ userId: sharee.id, permission: "view" }, { userId: sharee.id, permission: "control" }] } });
    expect(twice.status).toBe(400);
    expect((await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "standin", tasks: ["mme"], visibility: "secret" } })).status).toBe(400);
    expect(db.select().from(runs).all().length).toBe(before);
  });
});

describe("a version registered from a private run, over REST (issue 24, item 2)", () => {
  it("GET /api/v1/models/{id} shows others no provenance and no run count; launching it needs their own key", async () => {
    const created = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.owner, body: { model: "openai", modelArgs: "model=gpt-4o,api_key=sk-REST-owner", tasks: ["mme"], visibility: "private" } });
    const runId = (created.json as { id: number }).id;
    const registered = await callRoute("POST", "v1/runs/[id]/version", "/x", { token: tokens.owner, params: { id: String(runId) }, body: { modelName: "rest-private", label: "v1" } });
    expect(registered.status, registered.text).toBe(201);
    const modelId = String((registered.json as { model: { id: number } }).model.id);
    const versionId = (registered.json as { version: { id: number } }).version.id;

    const seenByOther = await callRoute("GET", "v1/models/[id]", "/x", { token: tokens.other, params: { id: modelId } });
    expect(seenByOther.json).toMatchObject({ runCount: 0, versions: [{ id: versionId, runCount: 0, registeredFromRunId: null, notes: "" }] });
    expect(seenByOther.text).not.toContain("sk-REST-owner");
    expect(seenByOther.text).not.toContain(`#${runId}`);
    expect((await callRoute("GET", "v1/models/[id]", "/x", { token: tokens.owner, params: { id: modelId } })).json).toMatchObject({ runCount: 1, versions: [{ runCount: 1, registeredFromRunId: runId }] });

    const launch = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: tokens.other, body: { modelVersionId: versionId, tasks: ["mme"], env: { PYTHONPATH: "/tmp/x" } } });
    expect(launch.status).toBe(400);
    expect(launch.json).toMatchObject({ error: { fields: { modelArgs: [expect.stringMatching(/^enter your own api_key/)] } } });
  });
});

describe("results JSON is served masked (issue 24, item 4)", () => {
  it("/results/raw, the stored row and the import preview hold no credential; lmmsEval's jobs echo gen_kwargs masked", async () => {
    const source = path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs");
    fs.cpSync(source, importsRoot, { recursive: true });
    const resultsFile = path.join(importsRoot, "Qwen__Qwen2.5-VL-7B-Instruct", "20260806_101502_results.json");
    // Not every tool redacts as lmms-eval does (and lmms-eval leaves gen_kwargs alone).
    fs.writeFileSync(
      resultsFile,
      fs.readFileSync(resultsFile, "utf8").replaceAll("api_key=[REDACTED]", "api_key=sk-RAW-model").replaceAll('"gen_kwargs": ""', '"gen_kwargs": "temperature=0,judge_api_key=sk-RAW-gen"'),
    );
    const preview = await callRoute("POST", "v1/imports", "/api/v1/imports?dryRun=true", { token: tokens.admin, body: { path: importsRoot } });
    expect(preview.status, preview.text).toBe(200);
    const imported = await callRoute("POST", "v1/imports", "/api/v1/imports", { token: tokens.admin, body: { path: importsRoot } });
    expect(imported.status, imported.text).toBe(201);
    const runId = (imported.json as { created: number[] }).created[0];
    const raw = await callRoute("GET", "v1/runs/[id]/results/raw", "/x", { token: tokens.other, params: { id: String(runId) } });
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('"gen_kwargs": "temperature=0,judge_api_key=***"');
    const detail = await callRoute("GET", "v1/runs/[id]", "/x", { token: tokens.other, params: { id: String(runId) } });
    const stored = JSON.stringify(db.select().from(runResults).where(eq(runResults.runId, runId)).get());
    for (const text of [preview.text, imported.text, raw.text, detail.text, stored]) {
      expect(text).not.toContain("sk-RAW-model");
      expect(text).not.toContain("sk-RAW-gen");
    }

    const basic = { authorization: `Basic ${Buffer.from(`token:${tokens.owner}`).toString("base64")}` };
    const submitted = await callRoute("POST", "lmms-eval/evaluate", "/api/lmms-eval/evaluate", {
      headers: basic,
      body: { model: "standin", tasks: ["mme"], model_args: { pretrained: "org/tiny", api_key: "sk-JOB-model" }, gen_kwargs: "temperature=0,judge_api_key=sk-JOB-gen" },
    });
    expect(submitted.status, submitted.text).toBe(200);
    const job = await callRoute("GET", "lmms-eval/jobs/[jobId]", "/x", { headers: basic, params: { jobId: (submitted.json as { job_id: string }).job_id } });
    expect(job.json).toMatchObject({ request: { model_args: { pretrained: "org/tiny", api_key: "***" }, gen_kwargs: "temperature=0,judge_api_key=***" } });
    expect(job.text).not.toContain("sk-JOB");
  });
});
