import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { renewedSessionCookie } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";

/**
 * Sends a Content-Security-Policy with a fresh nonce on every page. Next puts the nonce on its own scripts (it reads it
 * from the request's CSP header) and the root layout on its inline theme script, so with 'strict-dynamic' only those
 * and what they load may run: an injected `<script>` or `onerror=` does nothing even if some markup escaped. Images
 * come only from this app and data:/blob: URLs, so no page fetches a URL someone else chose. Styles stay
 * 'unsafe-inline': React's style attributes (charts, progress bars) cannot carry a nonce.
 * The other security headers (and the API routes' policy) are static, in next.config.mjs. This is not an auth guard:
 * every route and action checks the session itself.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  // Using a page is using the session: keep its last-seen time fresh for the idle timeout (never a guard).
  const renewed = await renewedSessionCookie(await getToken({ req: request, secret: getConfig().nextAuthSecret }));
  if (renewed) response.cookies.set(renewed.name, renewed.value, renewed.options);
  return response;
}

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const config = {
  // Pages only: API routes get their policy from next.config.mjs, and must not pass through here because the proxy
  // buffers request bodies (uploads can be 1 GB). Static files need no policy.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico|icon\\.svg).*)"],
};
