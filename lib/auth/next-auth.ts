import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { ServiceError } from "@/lib/services/errors";
import { signIn } from "@/lib/services/users/sign-in";

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
    session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const user = await signIn({
              db: getDb(),
              input: { email: credentials?.email, password: credentials?.password },
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
        if (user) token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
