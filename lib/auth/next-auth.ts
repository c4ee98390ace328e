import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { ServiceError } from "@/lib/services/errors";
import { signIn } from "@/lib/services/users/sign-in";
import { SESSION_COOKIE_MAX_AGE_SECONDS } from "./session-cookie";

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

export function getAuthOptions(): AuthOptions {
  const config = getConfig();
  return {
    secret: config.nextAuthSecret,
    // The policy's session lifetime and idle timeout are enforced per request (lib/auth/session-token.ts).
    session: { strategy: "jwt", maxAge: SESSION_COOKIE_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
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
            return { id: String(user.id), email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (error) {
            // next-auth passes a thrown message to the client as `error`; our messages are safe to show.
            if (error instanceof ServiceError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const now = Date.now();
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
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
