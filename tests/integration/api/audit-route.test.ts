import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { setDb } from "@/lib/db";
import { runFolder } from "@/lib/run-folder";
import { writeAudit } from "@/lib/services/audit";
import { verifyAuditChain } from "@/lib/services/audit/verify-audit-chain";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { signIn } from "@/lib/services/users/sign-in";
import { callRoute } from "../../helpers/api-client";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();
const dataDir = tempDir("api-audit-");
process.env.DATA_DIR = dataDir;
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");
const importsRoot = path.join(dataDir, "to-import");
process.env.IMPORT_ROOTS = importsRoot;
const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

const db = freshDb();
setDb(db);
const admin = insertUser(db, "admin", "boss@lab.org");
const member = insertUser(db, "member", "mia@lab.org");
const adminToken = createApiToken({ db, ctx: ctxFor(admin), input: { name: "ops" } });
const memberToken = createApiToken({ db, ctx: ctxFor(member), input: { name: "mine" } }).token;
let runId = 0;

const entries = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id).all();

beforeAll(async () => {
  fs.cpSync(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d", "logs"), importsRoot, { recursive: true });
  const imported = await callRoute("POST", "v1/imports", "/api/v1/imports", { token: adminToken.token, body: { path: importsRoot } });
  expect(imported.status, imported.text).toBe(201);
  runId = (imported.json as { created: number[] }).created[0];
});

describe("sensitive reads through the real routes", () => {
  it("a samples export, the results JSON and the console download are each recorded once they are served; refused ones are not", async () => {
    const get = (route: string, url: string, token = memberToken) => callRoute("GET", route, url, { token, params: { id: String(runId) } });
    expect((await get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=mme&format=csv&correct=false`)).status).toBe(200);
    expect((await get("v1/runs/[id]/results/raw", `/api/v1/runs/${runId}/results/raw`)).status).toBe(200);
    // No console file yet: a 404, and nothing to record.
    expect((await get("v1/runs/[id]/console", `/api/v1/runs/${runId}/console`)).status).toBe(404);
    const consoleLog = runFolder(getConfig().runsDir, runId).consoleLog;
    fs.mkdirSync(path.dirname(consoleLog), { recursive: true });
    fs.writeFileSync(consoleLog, "lmms-eval console\n");
    expect((await get("v1/runs/[id]/console", `/api/v1/runs/${runId}/console`)).text).toBe("lmms-eval console\n");
    expect((await callRoute("GET", "v1/runs/[id]/results/raw", "/api/v1/runs/9999/results/raw", { token: memberToken, params: { id: "9999" } })).status).toBe(404);

    const reads = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "run"), eq(auditLog.actorId, member.id)))
      .orderBy(auditLog.id)
      .all()
      .map((e) => ({ actor: e.actorLabel, action: e.action, target: `${e.targetType}:${e.targetId}`, detail: e.detail }));
    expect(reads).toEqual([
      { actor: "mia@lab.org (API token mine)", action: "run.export_samples", target: `run:${runId}`, detail: { format: "csv", task: "mme", filters: { task: "mme", format: "csv", correct: "false" } } },
      { actor: "mia@lab.org (API token mine)", action: "run.download_results", target: `run:${runId}`, detail: { file: expect.stringMatching(/_results\.json$/) } },
      { actor: "mia@lab.org (API token mine)", action: "run.download_console", target: `run:${runId}`, detail: null },
    ]);
  });

  it("a token's first request from each new address is recorded once", async () => {
    const me = (ip: string) => callRoute("GET", "v1/me", "/api/v1/me", { token: memberToken, headers: { "x-dashboard-client-ip": ip } });
    for (const ip of ["203.0.113.77", "203.0.113.77", "198.51.100.77", "203.0.113.77"]) expect((await me(ip)).status).toBe(200);
    expect(entries("api_token.new_address").filter((e) => e.actorId === member.id).map((e) => e.ip)).toEqual(["203.0.113.77", "198.51.100.77"]);
  });
});

describe("GET /api/v1/audit", () => {
  const exportAudit = (query: string, token = adminToken.token) => callRoute("GET", "v1/audit", `/api/v1/audit${query}`, { token });

  it("streams CSV with every cell a spreadsheet would run as a formula turned into text", async () => {
    writeAudit(db, ctxFor(admin), { action: "run.create", targetType: "run", targetId: '=HYPERLINK("http://evil.example","click")', detail: { note: "x" } });
    // An attacker chooses the e-mail of a failed sign-in; this one is a valid address and a formula.
    await expect(signIn({ db, input: { email: "-2+3@evil.org", password: "guess" }, ip: "192.0.2.66", userAgent: "@SUM(1)", maxFailures: 5 })).rejects.toThrow();
    const res = await exportAudit("?format=csv");
    expect(res.status).toBe(200);
    const lines = res.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_id,actor,action,target_type,target_id,ip,detail,prev_hash,hash");
    expect(res.text).toContain(`,run,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(res.text).toContain(",'-2+3@evil.org,user.sign_in_failed,,,192.0.2.66,");
    expect(res.text).not.toMatch(/(^|,)[=+\-@]/m);
    // Oldest first, one line per entry up to the moment of the export (its own record comes after).
    const ids = lines.slice(1).map((line) => Number(line.split(",")[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.at(-1)).toBe(entries("audit.export")[0].id - 1);
  });

  it("filters by user, action, object and time as JSON, with each entry's hashes; the export itself is audited", async () => {
    const json = async (query: string) => {
      const res = await exportAudit(query);
      expect(res.status, res.text).toBe(200);
      return res.json as Array<{ id: number; action: string; actorId: number | null; targetId: string | null; hash: string; prevHash: string | null }>;
    };
    const reads = await json(`?action=run.&user=${member.id}&format=json`);
    expect(reads.map((e) => e.action)).toEqual(["run.export_samples", "run.download_results", "run.download_console"]);
    expect(reads.every((e) => /^[0-9a-f]{64}$/.test(e.hash) && /^[0-9a-f]{64}$/.test(e.prevHash ?? ""))).toBe(true);
    expect((await json("?user=mia@lab&action=api_token.")).map((e) => e.action)).toEqual(["api_token.create", "api_token.new_address", "api_token.new_address"]);
    expect((await json(`?object=run:${runId}&action=run.download_`)).map((e) => e.action)).toEqual(["run.download_results", "run.download_console"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await json(`?from=${today}&to=${today}&action=user.sign_in_failed`)).length).toBe(1);
    expect(await json("?from=2999-01-01")).toEqual([]);

    const exports = entries("audit.export");
    expect(exports.at(-1)).toMatchObject({ actorId: admin.id, actorLabel: "boss@lab.org (API token ops)", detail: { format: "json", from: "2999-01-01" } });
    expect(exports[0].detail).toEqual({ format: "csv" });
    expect(verifyAuditChain(db).broken).toBeNull();
  });

  it("answers bad filters with a clear 400 and non-admins with 403, writing nothing", async () => {
    const count = () => db.select({ id: auditLog.id }).from(auditLog).all().length;
    const before = count();
    const badFormat = await exportAudit("?format=xlsx");
    expect(badFormat.status).toBe(400);
    expect(badFormat.json).toMatchObject({ error: { code: "invalid_input", message: "format: format must be json or csv" } });
    expect((await exportAudit("?from=2026-05-02&to=2026-05-01")).json).toMatchObject({ error: { message: "From must not be after To" } });
    expect((await exportAudit("?to=soon")).json).toMatchObject({ error: { message: expect.stringContaining("To must be a date (YYYY-MM-DD") } });
    expect((await exportAudit("", memberToken)).status).toBe(403);
    expect((await callRoute("GET", "v1/audit", "/api/v1/audit")).status).toBe(401);
    expect(count()).toBe(before);
  });
});
