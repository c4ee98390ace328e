import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { TOKEN_SCOPES } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { setDb } from "@/lib/db";
import { updateSecurityPolicy } from "@/lib/services/security/update-security-policy";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { listApiTokens } from "@/lib/services/tokens/list-api-tokens";
import { callRoute } from "../../helpers/api-client";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();
process.env.DATA_DIR = tempDir("api-token-scopes-");
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");

const db = freshDb();
setDb(db);
const admin = insertUser(db, "admin");
const member = insertUser(db, "member");
const tokenWith = (scopes: string[], owner = admin, extra: Record<string, unknown> = {}) => createApiToken({ db, ctx: ctxFor(owner), input: { name: scopes.join("+") || "none", scopes, ...extra } }).token;

type Operation = { method: string; path: string; scope: string };

/** Every authenticated operation of the OpenAPI document, as the document states it. */
function documentedOperations(): Operation[] {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { security?: unknown[]; "x-required-scope"?: string }>> };
  return Object.entries(doc.paths).flatMap(([apiPath, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => !(Array.isArray(op.security) && op.security.length === 0))
      .map(([method, op]) => ({ method: method.toUpperCase(), path: apiPath, scope: op["x-required-scope"] ?? "(none)" })),
  );
}

const API_ROOT = path.resolve(import.meta.dirname, "..", "..", "..", "app", "api");

/** Calls the route file serving a documented operation, with ids that exist nowhere (the scope is judged first). */
async function callOperation(op: Operation, token: string): Promise<{ status: number; message: string }> {
  const routeDir = op.path.replace(/^\/api\//, "").replace(/\{(\w+)\}/g, "[$1]");
  const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, "999999"]));
  const url = op.path.replace(/\{(\w+)\}/g, "999999");
  const handler = ((await import(/* @vite-ignore */ path.join(API_ROOT, routeDir, "route.ts"))) as Record<string, (req: NextRequest, ctx: unknown) => Promise<Response>>)[op.method];
  const hasBody = !["GET", "DELETE"].includes(op.method);
  const req = new NextRequest(new URL(url, "http://localhost:3000"), {
    method: op.method,
    headers: { authorization: `Bearer ${token}`, ...(hasBody ? { "content-type": "application/json" } : {}) },
    body: hasBody ? "{}" : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string }; detail?: string } | null;
  return { status: res.status, message: body?.error?.message ?? body?.detail ?? "" };
}

const refusedFor = (scope: string) => new RegExp(`lacks the "${scope}" scope`);

describe("API token scopes, walked over the OpenAPI document", () => {
  const operations = documentedOperations();

  it("every authenticated operation states exactly one scope, and reads never need write", () => {
    expect(operations.length).toBeGreaterThan(60);
    const unscoped = operations.filter((op) => !(TOKEN_SCOPES as readonly string[]).includes(op.scope));
    expect(unscoped, "operations without x-required-scope").toEqual([]);
    expect(operations.filter((op) => op.method === "GET" && op.scope === "write")).toEqual([]);
    expect(operations.filter((op) => op.method !== "GET" && op.scope === "read")).toEqual([]);
  });

  it("a read-only token is refused (403 naming the scope) on every write and admin operation, and let through on every read", async () => {
    const readOnly = tokenWith(["read"]);
    const wrong: string[] = [];
    for (const op of operations) {
      const { status, message } = await callOperation(op, readOnly);
      const refused = status === 403 && refusedFor(op.scope).test(message);
      if (op.scope === "read" ? refused || status === 401 : !refused) wrong.push(`${op.method} ${op.path} (${op.scope}): ${status} ${message}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a token with write but not read cannot read; admin operations need the admin scope even for an admin", async () => {
    const writeOnly = tokenWith(["write"]);
    const readWrite = tokenWith(["read", "write"]);
    const adminOnly = tokenWith(["admin"]);
    for (const op of operations.filter((o) => o.scope === "read").slice(0, 5)) {
      expect(await callOperation(op, writeOnly)).toMatchObject({ status: 403, message: expect.stringMatching(refusedFor("read")) });
    }
    for (const op of operations.filter((o) => o.scope === "admin")) {
      expect(await callOperation(op, readWrite), `${op.method} ${op.path}`).toMatchObject({ status: 403, message: expect.stringMatching(refusedFor("admin")) });
      expect((await callOperation(op, adminOnly)).message).not.toMatch(/scope/);
    }
    const settings = await callRoute("GET", "v1/security/policies", "/api/v1/security/policies", { token: adminOnly });
    expect(settings.status).toBe(200);
  });

  it("a route that is not in the document is closed to tokens", async () => {
    const all = tokenWith(["read", "write", "admin"]);
    // /api/v1/me is documented; the same handler reached under an undocumented path is refused before it runs.
    const res = await callRoute("GET", "v1/me", "/api/v1/me/extra", { token: all });
    expect(res.status).toBe(403);
    expect(res.text).toContain("not part of the documented API");
  });
});

describe("tokens over REST: POST/GET/DELETE /api/v1/tokens", () => {
  it("creates a scoped, expiring token, shows its last use (time and address), revokes it", async () => {
    const session = tokenWith(["read", "write"], member);
    const created = await callRoute("POST", "v1/tokens", "/api/v1/tokens", { token: session, body: { name: "ci", scopes: ["read"], expiresAt: "2099-01-31" } });
    expect(created.status, created.text).toBe(201);
    const { token, info } = created.json as { token: string; info: { id: number; scopes: string[]; expiresAt: string } };
    expect(info).toMatchObject({ scopes: ["read"], expiresAt: "2099-02-01T00:00:00.000Z" });

    const me = await callRoute("GET", "v1/me", "/api/v1/me", { token, headers: { "x-dashboard-client-ip": "203.0.113.7" } });
    expect(me.status).toBe(200);
    const listed = await callRoute("GET", "v1/tokens", "/api/v1/tokens", { token: session });
    const row = (listed.json as { tokens: Array<{ id: number; lastUsedAt: string | null; lastUsedIp: string | null; status: string }> }).tokens.find((t) => t.id === info.id);
    expect(row).toMatchObject({ lastUsedIp: "203.0.113.7", status: "active" });
    expect(row?.lastUsedAt).not.toBeNull();

    const revoked = await callRoute("DELETE", "v1/tokens/[id]", "/x", { token: session, params: { id: String(info.id) } });
    expect(revoked.status).toBe(204);
    expect((await callRoute("GET", "v1/me", "/api/v1/me", { token })).status).toBe(401);
  });

  it("refuses bad input with field messages, and a member asking for the admin scope", async () => {
    const session = tokenWith(["read", "write"], member);
    const cases: Array<[unknown, RegExp]> = [
      [{ name: "x", scopes: [] }, /at least one scope/],
      [{ name: "x", scopes: ["delete"] }, /read, write and admin/],
      [{ name: "x", expiresAt: "next week" }, /expiresAt must be a date/],
      [{ name: "x", expiresAt: "2001-01-01" }, /in the future/],
      [{ name: "x", scopes: ["admin"] }, /Only administrators/],
    ];
    for (const [body, message] of cases) {
      const res = await callRoute("POST", "v1/tokens", "/api/v1/tokens", { token: session, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.text).toMatch(message);
    }
    expect(listApiTokens({ db, ctx: ctxFor(member) }).map((t) => t.name)).not.toContain("x");
  });

  it("a token cannot mint a token with more scopes or a longer life than its own", async () => {
    const narrow = tokenWith(["read", "write"], admin, { expiresAt: "2099-01-01" });
    const wider = await callRoute("POST", "v1/tokens", "/api/v1/tokens", { token: narrow, body: { name: "wider", scopes: ["read", "write", "admin"], expiresAt: "2098-01-01" } });
    expect(wider.status).toBe(403);
    expect(wider.text).toContain("scopes it does not have itself (admin)");
    const longer = await callRoute("POST", "v1/tokens", "/api/v1/tokens", { token: narrow, body: { name: "longer", scopes: ["read"] } });
    expect(longer.status).toBe(403);
    expect(longer.text).toContain("outlives it");
    const defaulted = await callRoute("POST", "v1/tokens", "/api/v1/tokens", { token: narrow, body: { name: "same", expiresAt: "2098-06-01" } });
    expect(defaulted.status).toBe(201);
    expect((defaulted.json as { info: { scopes: string[] } }).info.scopes).toEqual(["read", "write"]);
  });

  it("an expired token gets 401 \"token expired\"", async () => {
    const token = tokenWith(["read"], member, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await callRoute("GET", "v1/me", "/api/v1/me", { token })).status).toBe(200);
    db.$client.prepare("UPDATE api_tokens SET expires_at = ? WHERE prefix = ?").run(Date.now() - 1000, token.slice(0, 10));
    const res = await callRoute("GET", "v1/me", "/api/v1/me", { token });
    expect(res.status).toBe(401);
    expect((res.json as { error: { message: string } }).error.message).toBe("token expired");
  });
});

describe("security policy: the API token IP allow-list", () => {
  it("a token works only from listed networks once a list is set; sessions and the list's own edits are unaffected", async () => {
    const token = tokenWith(["read", "admin"]);
    const from = (ip: string) => callRoute("GET", "v1/me", "/api/v1/me", { token, headers: { "x-dashboard-client-ip": ip } });
    expect((await from("198.51.100.4")).status).toBe(200);
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { apiTokens: { allowedNetworks: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"] } } });
    try {
      const refused = await from("198.51.100.4");
      expect(refused.status).toBe(403);
      expect(refused.text).toContain("API tokens may not be used from 198.51.100.4");
      expect((await from("10.20.30.40")).status).toBe(200);
      expect((await from("2001:db8::5")).status).toBe(200);
      expect((await from("192.0.2.1")).status).toBe(200);
      expect((await from("192.0.2.2")).status).toBe(403);
      expect((await callRoute("GET", "v1/me", "/api/v1/me", { token })).status).toBe(403);
    } finally {
      updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { apiTokens: { allowedNetworks: [] } } });
    }
    expect(() => updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { apiTokens: { allowedNetworks: ["10.0.0.0/33"] } } })).toThrow(/not an IP address or CIDR range/);
  });
});
