import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { createLogger } from "@/lib/log.mjs";
import { ServiceError } from "@/lib/services/errors";
import type { SignInMethod } from "@/lib/services/audit/record-sign-in";
import { signIn } from "@/lib/services/users/sign-in";
import { signInWithSso, SsoSignInRefused } from "@/lib/services/users/sso/sign-in-with-sso";
import { OIDC_PROVIDER_ID, oidcProvider } from "./oidc-provider";
import { SESSION_COOKIE_MAX_AGE_SECONDS } from "./session-cookie";

const log = createLogger("auth");

/** What both providers hand to the `jwt` callback: our user, as the session's claims need it. */
type SignedInUser = { id: string; email: string; name: string; sessionVersion: number; signInMethod: SignInMethod };

/**
 * The header server.ts sets to the client's address (lib/auth/client-ip.ts: the peer, or what the configured proxies
 * forwarded); any client-sent value is overwritten there.
 */
export const CLIENT_IP_HEADER = "x-dashboard-client-ip";

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : (value ?? null);
}

/**
 * Built per request (app/api/auth/[...nextauth]/route.ts) with that request's headers: the single sign-on callback
 * records the client's address and browser like the password sign-in does.
 */
export function getAuthOptions(requestHeaders?: Headers): AuthOptions {
  const config = getConfig();
  return {
    secret: config.nextAuthSecret,
    // The policy's session lifetime and idle timeout are enforced per request (lib/auth/session-token.ts).
    session: { strategy: "jwt", maxAge: SESSION_COOKIE_MAX_AGE_SECONDS },
    // next-auth's errors (an unreachable identity provider, a callback that fails its checks) come back to the login
    // page as `?error=<code>`, which says what happened (lib/auth/sign-in-messages.ts).
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        // `code`: the authenticator or recovery code of a two-factor account, sent with the password again (sign-in.ts).
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" }, code: { label: "Code", type: "text" } },
        async authorize(credentials, req) {
          try {
            const user = await signIn({
              db: getDb(),
              input: { email: credentials?.email, password: credentials?.password, code: credentials?.code },
              ip: headerValue(req?.headers, CLIENT_IP_HEADER),
              userAgent: headerValue(req?.headers, "user-agent"),
              maxFailures: config.loginMaxFailures,
            });
            return { id: String(user.id), email: user.email, name: user.name, sessionVersion: user.sessionVersion, signInMethod: user.method } satisfies SignedInUser;
          } catch (error) {
            // next-auth passes a thrown message to the client as `error`; our messages are safe to show.
            if (error instanceof ServiceError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...(config.oidc ? [oidcProvider(config.oidc)] : []),
    ],
    callbacks: {
      /**
       * Single sign-on decides here, after next-auth verified the provider's answer: the person is matched or
       * provisioned (or refused, back to the login page with the reason). next-auth (JWT sessions, no adapter) hands
       * this same `user` object to the `jwt` callback, so it becomes our user here: the session then has the shape a
       * password sign-in gives it.
       */
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        try {
          const signedIn = await signInWithSso({
            db: getDb(),
            claims: profile,
            ip: headerValue(requestHeaders, CLIENT_IP_HEADER),
            userAgent: headerValue(requestHeaders, "user-agent"),
          });
          Object.assign(user, { id: String(signedIn.id), email: signedIn.email, name: signedIn.name, image: null, sessionVersion: signedIn.sessionVersion, signInMethod: "oidc" } satisfies SignedInUser & { image: null });
          return true;
        } catch (error) {
          if (error instanceof SsoSignInRefused) return `/login?error=${error.reason}`;
          log.error(`single sign-on failed: ${error instanceof ServiceError ? error.message : String((error as Error)?.stack ?? error)}`);
          return "/login?error=Callback";
        }
      },
      jwt({ token, user }) {
        if (user) {
          const now = Date.now();
          const signedIn = user as Partial<SignedInUser>;
          token.sv = signedIn.sessionVersion ?? 1;
          token.method = signedIn.signInMethod ?? "password";
          token.authAt = now;
          token.seen = now;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
