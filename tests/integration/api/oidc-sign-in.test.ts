import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, ssoIdentities, users } from "@/db/schema";
import { setDb } from "@/lib/db";
import { getAuthOptions } from "@/lib/auth/next-auth";
import { resolveSession } from "@/lib/auth/session-token";
import type { AppConfig } from "@/lib/config";
import { writeSetting } from "@/lib/services/settings/settings-store";
import { defaultSecurityPolicy, SECURITY_POLICY_KEY } from "@/lib/services/security/policy";
import { IDP_CLIENT, startIdp } from "../../fixtures/oidc-idp.mjs";
import { freshDb } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

/**
 * The whole single sign-on flow against a real OpenID Connect provider (the `oidc-provider` package on localhost):
 * next-auth's handler with the dashboard's options (through next-auth's API-route entry point: its App Router one
 * needs Next's request scope, and both hand the same request to the same core), the provider's login and consent
 * pages posted like a browser would, and the callback that issues the session cookie.
 */

const DASHBOARD = "http://localhost:3000";
const db = freshDb();
let idp: Awaited<ReturnType<typeof startIdp>>;

type Jar = Map<string, string>;

/** Keeps what Set-Cookie headers set (and forgets what they expire), as a browser would. */
function keep(jar: Jar, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair, ...attributes] = header.split(";");
    const [name, ...value] = pair.split("=");
    const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=.*1970/i.test(a));
    if (expired || value.join("=") === "") jar.delete(name.trim());
    else jar.set(name.trim(), value.join("="));
  }
}

type AuthResponse = { status: number; redirect: string | null; body: unknown };

/** One request to next-auth (`/api/auth/<action>/<provider>`), its cookies kept in the browser's jar. */
async function dashboard(
  jar: Jar,
  action: string,
  { providerId, method = "GET", query = {}, body }: { providerId?: string; method?: string; query?: Record<string, string>; body?: Record<string, string> } = {},
): Promise<AuthResponse> {
  const headers = { host: "localhost:3000", "user-agent": "oidc-test", "x-dashboard-client-ip": "192.0.2.10" };
  const response: AuthResponse & { headers: Record<string, string | string[]> } = { status: 200, redirect: null, body: null, headers: {} };
  const res = {
    status: (code: number) => ((response.status = code), res),
    setHeader: (name: string, value: string | string[]) => ((response.headers[name.toLowerCase()] = value), res),
    getHeader: (name: string) => response.headers[name.toLowerCase()],
    end: () => undefined,
    send: (sent: unknown) => void (response.body = sent),
    json: (sent: unknown) => void (response.body = sent),
  };
  const req = { method, headers, body, query: { ...query, nextauth: providerId ? [action, providerId] : [action] }, cookies: Object.fromEntries([...jar].map(([name, value]) => [name, decodeURIComponent(value)])) };
  await NextAuth(req as never, res as never, getAuthOptions(new Headers(headers)));
  keep(jar, ([] as string[]).concat(response.headers["set-cookie"] ?? []));
  response.redirect = (response.headers.location as string | undefined) ?? null;
  return response;
}

/** The provider's side, as a browser: follows redirects, signs in as `login` on its login page and consents. */
async function atProvider(jar: Jar, start: string, login: string): Promise<string> {
  let url = start;
  let form: URLSearchParams | null = null;
  for (let hop = 0; hop < 20; hop++) {
    const res: Response = await fetch(url, {
      method: form ? "POST" : "GET",
      body: form ?? undefined,
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      redirect: "manual",
    });
    keep(jar, res.headers.getSetCookie());
    form = null;
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(DASHBOARD)) return url;
      continue;
    }
    const html: string = await res.text();
    const action: string | undefined = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt: string | undefined = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page from the provider (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll("&amp;", "&"), url).href;
    form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any password" } : { prompt });
  }
  throw new Error("the provider never redirected back to the dashboard");
}

/** Starts single sign-on like the login page's button and returns the provider's authorization URL. */
async function startSignIn(jar: Jar): Promise<string> {
  const csrf = await dashboard(jar, "csrf");
  const signin = await dashboard(jar, "signin", { providerId: "oidc", method: "POST", body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, callbackUrl: `${DASHBOARD}/runs` } });
  return signin.redirect!;
}

/** The whole flow; returns where the callback sent the browser and the session's claims (null: no session). */
async function signInAs(login: string, { tamper }: { tamper?: (callback: URL) => void } = {}) {
  const jar: Jar = new Map();
  const authorization = await startSignIn(jar);
  expect(authorization.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  const callback = new URL(await atProvider(new Map(), authorization, login));
  tamper?.(callback);
  const response = await dashboard(jar, "callback", { providerId: "oidc", query: Object.fromEntries(callback.searchParams) });
  const cookie = jar.get("next-auth.session-token");
  const session = cookie ? await decode({ token: cookie, secret: process.env.NEXTAUTH_SECRET! }) : null;
  return { redirect: response.redirect!, session };
}

function setPolicy(change: Partial<ReturnType<typeof defaultSecurityPolicy>>): void {
  writeSetting(db, SECURITY_POLICY_KEY, { ...defaultSecurityPolicy(), ...change });
}

const userCount = () => db.select({ id: users.id }).from(users).all().length;

beforeAll(async () => {
  idp = await startIdp({ redirectUris: [`${DASHBOARD}/api/auth/callback/oidc`] });
  // The configuration is read once per process: this file's process signs in through the provider just started.
  Object.assign(process.env, {
    DATA_DIR: tempDir("oidc-flow-"),
    NEXTAUTH_URL: DASHBOARD,
    NEXTAUTH_SECRET: "oidc-flow-test-secret",
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: IDP_CLIENT.id,
    OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
    OIDC_NAME: "Test IdP",
  });
  (globalThis as { __lmmsDashboardConfig?: AppConfig }).__lmmsDashboardConfig = undefined;
  setDb(db);
});

afterAll(async () => {
  await idp?.close();
});

describe("single sign-on through a real OpenID Connect provider", () => {
  it("asks the provider for the code flow with PKCE (S256), state and nonce, and the configured scopes", async () => {
    const url = new URL(await startSignIn(new Map()));
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ client_id: IDP_CLIENT.id, response_type: "code", code_challenge_method: "S256", scope: "openid email profile", redirect_uri: `${DASHBOARD}/api/auth/callback/oidc` });
    expect(params.state).toBeTruthy();
    expect(params.nonce).toBeTruthy();
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
  });

  it("provisions a new person on first sign-in, with the session a password sign-in would have", async () => {
    const before = Date.now();
    const { redirect, session } = await signInAs("sso-alice");
    expect(redirect).toBe(`${DASHBOARD}/runs`);
    const alice = db.select().from(users).where(eq(users.email, "alice@sso.example.org")).get()!;
    expect(alice).toMatchObject({ name: "Alice Sso", role: "viewer", disabled: false });
    expect(session).toMatchObject({ sub: String(alice.id), sv: alice.sessionVersion, method: "oidc", email: alice.email, name: "Alice Sso" });
    expect(session!.authAt).toBeGreaterThanOrEqual(before);
    expect(session!.seen).toBe(session!.authAt);
    expect(resolveSession(session, { db })?.actor).toMatchObject({ id: alice.id, role: "viewer" });
    expect(db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, alice.id)).all()).toEqual([
      expect.objectContaining({ issuer: idp.issuer, subject: "sso-alice", email: "alice@sso.example.org" }),
    ]);
    const signIn = db.select().from(auditLog).where(eq(auditLog.action, "user.sign_in")).all().at(-1)!;
    expect(signIn).toMatchObject({ actorId: alice.id, ip: "192.0.2.10" });
    expect(signIn.detail).toMatchObject({ method: "oidc", userAgent: "oidc-test" });
  });

  it("signs the same person in to the same user again, even after their e-mail changed at the provider", async () => {
    const count = userCount();
    const alice = db.select().from(users).where(eq(users.email, "alice@sso.example.org")).get()!;
    idp.accounts["sso-alice"].email = "alice.renamed@sso.example.org";
    const { session } = await signInAs("sso-alice");
    expect(session?.sub).toBe(String(alice.id));
    expect(userCount()).toBe(count);
    expect(db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, alice.id)).get()?.email).toBe("alice.renamed@sso.example.org");
  });

  it("is not held at the dashboard's two-factor set-up when the policy requires it for everyone: the provider owns that", async () => {
    setPolicy({ twoFactor: { required: "everyone" } });
    const { session } = await signInAs("sso-alice");
    expect(resolveSession(session, { db })?.mustSetUpTwoFactor).toBe(false);
    // The same user's password session would be held there.
    expect(resolveSession({ ...session, method: "password" }, { db })?.mustSetUpTwoFactor).toBe(true);
    setPolicy({});
  });

  it("refuses an e-mail the provider has not verified: back to the login page with the reason, nothing created", async () => {
    const count = userCount();
    const { redirect, session } = await signInAs("sso-unverified");
    expect(redirect).toBe("/login?error=sso_email_unverified");
    expect(session).toBeNull();
    expect(userCount()).toBe(count);
    const failure = db.select().from(auditLog).where(eq(auditLog.action, "user.sign_in_failed")).all().at(-1)!;
    expect(failure.detail).toMatchObject({ method: "oidc", reason: "sso_email_unverified" });
  });

  it("refuses a disabled user, and signs them in again once enabled", async () => {
    const alice = db.select().from(users).where(eq(users.email, "alice@sso.example.org")).get()!;
    db.update(users).set({ disabled: true }).where(eq(users.id, alice.id)).run();
    const refused = await signInAs("sso-alice");
    expect(refused.redirect).toBe("/login?error=account_disabled");
    expect(refused.session).toBeNull();
    db.update(users).set({ disabled: false }).where(eq(users.id, alice.id)).run();
    expect((await signInAs("sso-alice")).session?.sub).toBe(String(alice.id));
  });

  it("refuses a callback whose state is not the one this browser was sent with", async () => {
    const count = userCount();
    const { redirect, session } = await signInAs("sso-bob", { tamper: (callback) => callback.searchParams.set("state", "forged-state") });
    expect(redirect).toBe(`${DASHBOARD}/api/auth/error?error=OAuthCallback`);
    expect(session).toBeNull();
    expect(userCount()).toBe(count);
    // next-auth's error page sends it on to the login page, which says what happened.
    const jar: Jar = new Map();
    const errorPage = await dashboard(jar, "error", { query: { error: "OAuthCallback" } });
    const signinPage = await dashboard(jar, "signin", { query: { error: "OAuthCallback" } });
    expect(errorPage.redirect).toBe(`${DASHBOARD}/api/auth/signin?error=OAuthCallback`);
    expect(signinPage.redirect).toMatch(/^\/login\?callbackUrl=.*&error=OAuthCallback$/);
  });

  it("refuses a callback replayed without the browser's PKCE verifier and state cookies", async () => {
    const jar: Jar = new Map();
    const authorization = await startSignIn(jar);
    const callback = new URL(await atProvider(new Map(), authorization, "sso-bob"));
    const response = await dashboard(new Map(), "callback", { providerId: "oidc", query: Object.fromEntries(callback.searchParams) });
    expect(response.redirect).toBe(`${DASHBOARD}/api/auth/error?error=OAuthCallback`);
    expect(db.select().from(users).where(eq(users.email, "bob@sso.example.org")).get()).toBeUndefined();
  });

  it("cannot start when the provider is unreachable: back to the login page, nothing changed", async () => {
    const count = userCount();
    await idp.close();
    const jar: Jar = new Map();
    const csrf = await dashboard(jar, "csrf");
    const signin = await dashboard(jar, "signin", { providerId: "oidc", method: "POST", body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken } });
    expect(signin.redirect).toBe(`${DASHBOARD}/api/auth/error?error=OAuthSignin`);
    expect(jar.has("next-auth.state")).toBe(false);
    expect(userCount()).toBe(count);
  });
});
