import fs from "node:fs";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { recordTokenAddress } from "@/lib/services/audit/record-token-use";
import { verifyAuditChain } from "@/lib/services/audit/verify-audit-chain";
import { EVENTS } from "@/lib/realtime/events";
import { createRun } from "@/lib/services/runs/create-run";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { createUser } from "@/lib/services/users/create-user";
import { signIn } from "@/lib/services/users/sign-in";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();

const UA = "Mozilla/5.0 (X11; Linux x86_64) AuditTest/1.0";

describe("every sign-in is recorded: method, address, user agent, outcome and reason — never the password", () => {
  it("success, wrong password, unknown e-mail, a password typed as the e-mail, a disabled account, a rate-limited attempt", async () => {
    const db = freshDb();
    const ana = await createUser({ db, ctx: { actor: null, via: "cli" }, input: { email: "ana@lab.org", password: "ana-password-1", name: "Ana", role: "member" } });
    const dora = await createUser({ db, ctx: { actor: null, via: "cli" }, input: { email: "dora@lab.org", password: "dora-password-1", name: "Dora", role: "member" } });
    db.update(users).set({ disabled: true }).where(eq(users.id, dora.id)).run();
    // One clock for every attempt: the delay after a failure must not run out while slow password hashes are checked.
    const now = Date.now();
    const attempt = (email: string, password: string, ip: string, maxFailures = 10) =>
      signIn({ db, input: { email, password }, ip, userAgent: UA, maxFailures, now }).then(
        () => "ok",
        (error: Error) => error.constructor.name,
      );

    expect(await attempt("ana@lab.org", "ana-password-1", "203.0.113.9")).toBe("ok");
    expect(await attempt("ANA@lab.org", "wrong-guess-1", "198.51.100.7")).toBe("UnauthorizedError");
    expect(await attempt("nobody@lab.org", "wrong-guess-2", "198.51.100.7")).toBe("UnauthorizedError");
    expect(await attempt("ana-password-1", "ana-password-1", "198.51.100.7")).toBe("UnauthorizedError");
    expect(await attempt("dora@lab.org", "dora-password-1", "198.51.100.8")).toBe("UnauthorizedError");
    // One failure allowed per account: the next attempt on Ana's account from an unknown address must wait.
    expect(await attempt("ana@lab.org", "ana-password-1", "192.0.2.1", 1)).toBe("RateLimitedError");

    const entries = db.select().from(auditLog).where(like(auditLog.action, "user.sign_in%")).orderBy(auditLog.id).all();
    const shape = entries.map((e) => ({ actorId: e.actorId, actor: e.actorLabel, action: e.action, target: e.targetType ? `${e.targetType}:${e.targetId}` : null, ip: e.ip, detail: e.detail }));
    expect(shape).toEqual([
      { actorId: ana.id, actor: "ana@lab.org", action: "user.sign_in", target: `user:${ana.id}`, ip: "203.0.113.9", detail: { method: "password", userAgent: UA } },
      { actorId: ana.id, actor: "ana@lab.org", action: "user.sign_in_failed", target: `user:${ana.id}`, ip: "198.51.100.7", detail: { method: "password", reason: "wrong_password", userAgent: UA } },
      { actorId: null, actor: "nobody@lab.org", action: "user.sign_in_failed", target: null, ip: "198.51.100.7", detail: { method: "password", reason: "unknown_email", userAgent: UA } },
      { actorId: null, actor: "(not an e-mail address)", action: "user.sign_in_failed", target: null, ip: "198.51.100.7", detail: { method: "password", reason: "unknown_email", userAgent: UA } },
      { actorId: dora.id, actor: "dora@lab.org", action: "user.sign_in_failed", target: `user:${dora.id}`, ip: "198.51.100.8", detail: { method: "password", reason: "account_disabled", userAgent: UA } },
      { actorId: ana.id, actor: "ana@lab.org", action: "user.sign_in_failed", target: `user:${ana.id}`, ip: "192.0.2.1", detail: { method: "password", reason: "throttled", userAgent: UA } },
    ]);
    const everything = JSON.stringify(db.select().from(auditLog).all());
    for (const password of ["ana-password-1", "wrong-guess-1", "wrong-guess-2", "dora-password-1"]) expect(everything).not.toContain(password);
    expect(verifyAuditChain(db).broken).toBeNull();
  });
});

describe("API tokens used from a new address", () => {
  it("are recorded once per (token, address), the very first use marked; requests without an address are not", () => {
    const db = freshDb();
    const ana = insertUser(db, "member", "ana@lab.org");
    const { info } = createApiToken({ db, ctx: ctxFor(ana), input: { name: "ci" } });
    const other = createApiToken({ db, ctx: ctxFor(ana), input: { name: "laptop" } }).info;
    const use = (tokenId: number, name: string, ip: string | null) => recordTokenAddress({ db, ctx: { actor: ana, via: "token", viaLabel: name, ip }, tokenId });
    use(info.id, "ci", "203.0.113.5");
    use(info.id, "ci", "203.0.113.5");
    use(info.id, "ci", null);
    use(info.id, "ci", "2001:db8::1");
    use(info.id, "ci", "203.0.113.5");
    use(other.id, "laptop", "203.0.113.5");
    const seen = db.select().from(auditLog).where(eq(auditLog.action, "api_token.new_address")).orderBy(auditLog.id).all();
    expect(seen.map((e) => ({ actor: e.actorLabel, target: `${e.targetType}:${e.targetId}`, ip: e.ip, detail: e.detail }))).toEqual([
      { actor: "ana@lab.org (API token ci)", target: `api_token:${info.id}`, ip: "203.0.113.5", detail: { name: "ci", firstUse: true } },
      { actor: "ana@lab.org (API token ci)", target: `api_token:${info.id}`, ip: "2001:db8::1", detail: { name: "ci", firstUse: false } },
      { actor: "ana@lab.org (API token laptop)", target: `api_token:${other.id}`, ip: "203.0.113.5", detail: { name: "laptop", firstUse: true } },
    ]);
  });
});

describe("use of stored secrets", () => {
  it("the worker records opening a run's sealed environment and model args — names only — and nothing for a run without secrets", async () => {
    const db = freshDb();
    const dataDir = tempDir("audit-secrets-");
    const config = testRunConfig(path.join(dataDir, "runs"));
    const publisher = new RecordingPublisher();
    const member = insertUser(db, "member", "mia@lab.org");
    const runner = testRunner({ db, config, publisher });
    const finished = (runId: number) =>
      publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === runId && ["succeeded", "failed"].includes((e.payload as { status: string }).status), 30_000);
    try {
      const secret = await createRun({ db, ctx: ctxFor(member), input: { model: "standin", modelArgs: "pretrained=org/tiny,api_key=sk-AUDIT-arg-1234", tasks: ["mme"], limit: 2, env: { OPENAI_API_KEY: "sk-AUDIT-env-5678" } }, deps: config, publisher });
      const plain = await createRun({ db, ctx: ctxFor(member), input: { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme"], limit: 2 }, deps: config, publisher });
      runner.start();
      await finished(secret.id);
      await finished(plain.id);
    } finally {
      await runner.stop("test over");
    }
    const uses = db.select().from(auditLog).where(eq(auditLog.action, "run.use_secrets")).all();
    expect(uses.map((e) => ({ actorId: e.actorId, actor: e.actorLabel, target: `${e.targetType}:${e.targetId}`, detail: e.detail }))).toEqual([
      { actorId: member.id, actor: "worker (run of mia@lab.org)", target: "run:1", detail: { purpose: "launch", envNames: ["OPENAI_API_KEY"], sealedArgs: true } },
    ]);
    const everything = JSON.stringify(db.select().from(auditLog).all());
    expect(everything).not.toContain("sk-AUDIT");
    expect(verifyAuditChain(db).broken).toBeNull();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
