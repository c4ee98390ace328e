import { randomUUID } from "node:crypto";
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { getDb, type DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { CLIENT_IP_HEADER } from "@/lib/auth/next-auth";
import { actorFromToken } from "@/lib/auth/session-token";
import { getConfig } from "@/lib/config";
import { enforceRateLimit, TooManyRequestsError, type RateLimit } from "./rate-limit";
import { HTTP_STATUS, ServiceError, UnauthorizedError } from "@/lib/services/errors";
import { authenticateToken } from "@/lib/services/tokens/authenticate-token";
import { fieldErrors } from "@/lib/services/validate";

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
  console.error(`[api] request ${requestId} failed:`, error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server", requestId } },
    { status: 500 },
  );
}

/** Bearer token (REST clients), basic auth `token:<TOKEN>` (lmms-eval's EvalClient), or the browser's session. */
async function authenticate(req: NextRequest, db: DB): Promise<ServiceContext | null> {
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
    const resolved = token ? authenticateToken(db, token) : null;
    return resolved ? { actor: resolved.actor, via: "token", viaLabel: resolved.tokenName, ip, requestId } : null;
  }
  const jwt = await getToken({ req: req as never, secret: getConfig().nextAuthSecret });
  const actor = actorFromToken(jwt);
  if (!actor) return null;
  // Cookie-authenticated writes must come from our own pages (CSRF): the browser always sends Origin on them.
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) {
    const origin = req.headers.get("origin");
    const host = req.headers.get("host");
    if (!origin || !host || new URL(origin).host !== host) return null;
  }
  return { actor, via: "session", ip, requestId };
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
      const ctx = await authenticate(req, db);
      if (!ctx) throw new UnauthorizedError("A valid API token or session is required");
      const limit = typeof opts.rateLimit === "function" ? opts.rateLimit(req) : opts.rateLimit;
      if (limit && ctx.actor) enforceRateLimit(limit, ctx.actor.id);
      return await handler({ req, params: await context.params, ctx: { ...ctx, requestId }, db });
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
