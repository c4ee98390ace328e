/**
 * Where to go after signing in: only a path on this app, never another site (open redirect). Shared by the login
 * page's server redirect and the login form's client navigation, so both refuse the same inputs.
 *
 * Browsers and the URL parser are lenient in ways that turn a "path" into another host: `/\evil.example` (a backslash
 * counts as a slash), `/<TAB>/evil.example` (tabs and newlines are dropped), and dot segments that normalise to
 * `//evil.example`. So: refuse backslashes and control characters outright, parse with `URL` against the app's own
 * origin, require that origin back, and refuse a result that would still start with `//`.
 */
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

export const DEFAULT_CALLBACK = "/";

export function safeCallbackPath(value: unknown, appOrigin: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || UNSAFE_CHARACTERS.test(raw)) return DEFAULT_CALLBACK;
  let url: URL;
  try {
    url = new URL(raw, appOrigin);
  } catch {
    return DEFAULT_CALLBACK;
  }
  if (url.origin !== new URL(appOrigin).origin || url.pathname.startsWith("//")) return DEFAULT_CALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}
