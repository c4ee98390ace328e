import type { TokenScope } from "@/db/schema";
import { OPERATIONS } from "./openapi/document";

type Matcher = { method: string; pattern: RegExp; literalSegments: number; scope: TokenScope };

/** Each documented operation as a path pattern; `{id}` matches one path segment. */
const MATCHERS: Matcher[] = OPERATIONS.flatMap((op) => {
  if (op.auth === false) return [];
  const template = op.path.split("#")[0];
  const segments = template.split("/").filter(Boolean);
  const pattern = new RegExp(`^/${segments.map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}/?$`);
  return [{ method: op.method.toUpperCase(), pattern, literalSegments: segments.filter((s) => !s.startsWith("{")).length, scope: op.scope }];
});

/**
 * The scope an API token needs for a request, read from the OpenAPI document (the one place each operation states
 * it), or null when the request is no documented operation. Where two patterns match (`/runs/preview` and
 * `/runs/{id}`) the one with more fixed segments is the route Next serves.
 */
export function requiredScope(method: string, pathname: string): TokenScope | null {
  const verb = method === "HEAD" ? "GET" : method;
  let best: Matcher | null = null;
  for (const matcher of MATCHERS) {
    if (matcher.method === verb && matcher.pattern.test(pathname) && (!best || matcher.literalSegments > best.literalSegments)) best = matcher;
  }
  return best?.scope ?? null;
}
