import path from "node:path";
import { NextRequest } from "next/server";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_ROOT = path.resolve(import.meta.dirname, "..", "..", "app", "api");

/**
 * The URL Next would call a route with: tests that only care about a handler's params write `/x` (or `/x?query`), and
 * get the route's own path with the params filled in — the handler wrapper reads the path (the API token scope an
 * operation needs is looked up by it).
 */
export function routeUrl(routePath: string, url: string, params: Record<string, string> = {}): string {
  if (!url.startsWith("/x")) return url;
  const pathname = routePath.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? name));
  return `/api/${pathname}${url.slice(2)}`;
}

/**
 * Calls a real route handler (app/api/<routePath>/route.ts) the way Next does, with a bearer token, and returns the
 * status and body. The database is whatever `setDb` set.
 */
export async function callRoute(
  method: string,
  routePath: string,
  url: string,
  opts: { token?: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const handler = ((await import(/* @vite-ignore */ path.join(API_ROOT, routePath, "route.ts"))) as Record<string, Handler>)[method];
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(new URL(routeUrl(routePath, url, opts.params), "http://localhost:3000"), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // downloads are not JSON
  }
  return { status: res.status, json, text };
}
