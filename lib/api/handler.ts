import { randomUUID } from "node:crypto";
import { getToken, type JWT } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { getDb } from "@/lib/db";
import type { ServiceContext } from "@/lib/auth/actor";
import { CLIENT_IP_HEADER } from "@/lib/auth/next-auth";
import { renewedSessionCookie, serializeCookie } from "@/lib/auth/session-cookie";
import { resolveSession } from "@/lib/auth/session-token";
import { getConfig } from "@/lib/config";
import { createLogger } from "@/lib/log.mjs";
import { recordTokenAddress } from "@/lib/services/audit/record-token-use";
import { ForbiddenError, HTTP_STATUS, ServiceError, UnauthorizedError } from "@/lib/services/errors";
import { effectivePolicy, requiresTwoFactor, tokenAddressAllowed } from "@/lib/services/security/policy";
import { authenticateToken, type AuthenticatedToken } from "@/lib/services/tokens/authenticate-token";
import { isTwoFactorEnabled } from "@/lib/services/users/two-factor/queries";
import { requiredScope } from "./required-scope";
import { enforceRateLimit, TooManyRequestsError, type RateLimit } from "./rate-limit";
import { fieldErrors } from "@/lib/services/validate";

const log = createLogger("api");

export type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]>; requestId?: string } };

/** FastAPI's error body (`{"detail": …}`), for the lmms-eval-compatible routes whose clients expect it. */
function fastApiError(error: unknown, requestId: string): NextResponse {
  const { status } = errorResponse(error, requestId);
  const detail = error instanceof ServiceError ? error.message : error instanceof ZodError ? error.issues[0].message : "Internal server error";
  return NextResponse.json({ detail }, { status });
}

export function errorResponse(error: unknown, requestId: string): NextResponse<ApiErrorBody> {
  if (error instanceof ServiceError) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
      { status: HTTP_STATUS[error.code], headers: error instanceof TooManyRequestsError ? { "retry-after": String(error.retryAfterSeconds) } : undefined },
    );
  }
  if (error instanceof ZodError) {
    const fields = fieldErrors(error);
    return NextResponse.json({ error: { code: "invalid_input", message: error.issues[0].message, fields } }, { status: 400 });
  }
  // Unknown errors never leak their message; the request id ties the response to the server log line.
  log.error(`request ${requestId} failed:`, error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server", requestId } },
    { status: 500 },
  );
}

/** Bearer token (REST clients), basic auth `token:<TOKEN>` (lmms-eval's EvalClient), or the browser's session. */
async function authenticate(req: NextRequest, db: DB): Promise<{ ctx: ServiceContext; session: JWT | null } | null> {
  const ip = req.headers.get(CLIENT_IP_HEADER);
  const requestId = randomUUID();
  const authorization = req.headers.get("authorization");
  if (authorization) {
    let token: string | null = null;
    if (/^bearer /i.test(authorization)) token = authorization.slice(7).trim();
    else if (/^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
      const separator = decoded.indexOf(":");
      token = separator >= 0 ? decoded.slice(separator + 1) : decoded;
    }
    // A request that presents credentials is judged by them alone, never by a cookie that happens to ride along.
    const resolved = token ? authenticateToken(db, token, { ip }) : null;
    if (!resolved) return null;
    const { id, scopes, expiresAt } = resolved.token;
    const ctx: ServiceContext = { actor: resolved.actor, via: "token", viaLabel: resolved.token.name, ip, requestId, token: { id, scopes, expiresAt } };
    // Before the policy's checks: a valid token tried from a new address is worth an audit entry even when refused.
    recordTokenAddress({ db, ctx, tokenId: id });
    authorizeTokenRequest(db, req, resolved, ip);
    return { ctx, session: null };
  }
  const jwt = await getToken({ req: req as never, secret: getConfig().nextAuthSecret });
  const session = resolveSession(jwt);
  if (!session) return null;
  // Cookie-authenticated writes must come from our own pages (CSRF): the browser always sends Origin on them.
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !isSameOriginRequest(req)) return null;
  if (session.mustSetUpTwoFactor) throw new ForbiddenError(TWO_FACTOR_SETUP_FIRST);
  return { ctx: { actor: session.actor, via: "session", ip, requestId }, session: jwt };
}

const TWO_FACTOR_SETUP_FIRST = "Your account must use two-factor authentication: set it up in the dashboard first (sign in there)";

/**
 * What a valid token may still not do, in the order a caller can fix it: use from an address outside the policy's
 * allow-list, use by an account that owes its two-factor set-up, and an operation needing a scope the token lacks
 * (each operation's scope is stated in the OpenAPI document; an undocumented route is closed to tokens).
 */
function authorizeTokenRequest(db: DB, req: NextRequest, { actor, token }: AuthenticatedToken, ip: string | null): void {
  const policy = effectivePolicy(db);
  if (!tokenAddressAllowed(policy, ip)) throw new ForbiddenError(`API tokens may not be used from ${ip ?? "an unknown address"}: the security policy allows them only from listed networks`);
  if (requiresTwoFactor(policy, actor.role) && !isTwoFactorEnabled(db, actor.id)) throw new ForbiddenError(TWO_FACTOR_SETUP_FIRST);
  const scope = requiredScope(req.method, req.nextUrl.pathname);
  if (scope === null) throw new ForbiddenError(`${req.method} ${req.nextUrl.pathname} is not part of the documented API, so API tokens cannot use it`);
  if (!token.scopes.includes(scope)) throw new ForbiddenError(`This token lacks the "${scope}" scope, which ${req.method} ${req.nextUrl.pathname} needs`);
}

/**
 * The request's Origin names this host. Browsers send `Origin: null` from sandboxed frames, `data:` documents and
 * some redirects, and a forged request may send anything: whatever does not parse is simply not our origin.
 */
function isSameOriginRequest(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  const host = req.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: NextRequest; params: P; ctx: ServiceContext; db: DB }) => Promise<Response> | Response;

/**
 * Every authenticated route handler goes through here (house style 6): authenticate inside, map errors once.
 * `errors: "fastapi"` answers `{"detail": …}` like lmms-eval's own server, for its EvalClient. `rateLimit` names
 * the per-user limit of a heavy request (lib/api/rate-limit.ts), or picks it from the request (null: not heavy).
 */
export function apiRoute<P = Record<string, never>>(
  handler: Handler<P>,
  opts: { errors?: "dashboard" | "fastapi"; rateLimit?: RateLimit | ((req: NextRequest) => RateLimit | null) } = {},
) {
  return async (req: NextRequest, context: RouteContext<P>): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const db = getDb();
      const auth = await authenticate(req, db);
      if (!auth) throw new UnauthorizedError("A valid API token or session is required");
      const limit = typeof opts.rateLimit === "function" ? opts.rateLimit(req) : opts.rateLimit;
      if (limit && auth.ctx.actor) enforceRateLimit(limit, auth.ctx.actor.id);
      const response = await handler({ req, params: await context.params, ctx: { ...auth.ctx, requestId }, db });
      const renewed = await renewedSessionCookie(auth.session);
      if (renewed) response.headers.append("set-cookie", serializeCookie(renewed));
      // A signed-in answer is never for a shared cache; and gzip would run on the web process's one thread for every
      // answer (~1 ms each, more for a download) to save little on the LAN the dashboard serves: `no-transform` tells
      // Next's compression to leave it alone.
      if (!response.headers.has("cache-control")) response.headers.set("cache-control", "private, no-store, no-transform");
      return response;
    } catch (error) {
      return opts.errors === "fastapi" ? fastApiError(error, requestId) : errorResponse(error, requestId);
    }
  };
}

/** Parses a JSON body, turning malformed JSON into a 400 with a clear message. */
export async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError("invalid_input", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}
