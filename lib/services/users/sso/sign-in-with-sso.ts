import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { ssoIdentities, users, type User } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { recordSignIn, type SignInFailureReason } from "@/lib/services/audit/record-sign-in";
import { ConflictError, ForbiddenError } from "@/lib/services/errors";
import { effectivePolicy } from "@/lib/services/security/policy";
import { findUserByEmail, findUserById } from "@/lib/services/users/queries";
import { linkSsoIdentity, provisionSsoUser, unusablePasswordHash, type SsoPerson } from "./provision-sso-user";
import { findSsoIdentity } from "./queries";

/**
 * What the identity provider said about the person: the ID token's claims (next-auth has verified its signature,
 * issuer, audience, nonce and the PKCE exchange) merged with the userinfo endpoint's, whose `sub` openid-client checks
 * against the token's. Providers differ in the optional claims: some send `email_verified` as the string "true".
 */
export const SsoClaims = z.looseObject({
  iss: z.string().min(1).max(512),
  sub: z.string().min(1).max(255),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.literal("true"), z.literal("false")]).optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});
export type SsoClaims = z.infer<typeof SsoClaims>;

/** A refused single sign-on: the reason is the audit's code and the login page's `?error=` (lib/auth/sign-in-messages.ts). */
export class SsoSignInRefused extends ForbiddenError {
  constructor(
    readonly reason: Extract<SignInFailureReason, `sso_${string}` | "account_disabled">,
    message: string,
  ) {
    super(message);
  }
}

const NAME_MAX = 100;

function displayName(claims: SsoClaims, email: string): string {
  const name = (claims.name ?? claims.preferred_username ?? "").trim() || email.split("@")[0];
  return name.slice(0, NAME_MAX);
}

/** The identity a verified e-mail may be matched or provisioned by; refuses a missing or unverified e-mail. */
function personFrom(claims: SsoClaims): SsoPerson {
  const email = (claims.email ?? "").trim().toLowerCase();
  if (!z.email().max(254).safeParse(email).success) {
    throw new SsoSignInRefused("sso_email_missing", "The identity provider did not send a usable e-mail address");
  }
  // An unverified e-mail is only a claim: matching or creating accounts by it would let anyone who can type an address
  // at the provider into that address's account here.
  if (claims.email_verified !== true && claims.email_verified !== "true") {
    throw new SsoSignInRefused("sso_email_unverified", `The identity provider has not verified ${email}`);
  }
  return { issuer: claims.iss, subject: claims.sub, email, name: displayName(claims, email) };
}

/**
 * Signs a person in through single sign-on, in one transaction:
 *
 * 1. A provider identity seen before — the (issuer, subject) pair, never the e-mail — signs in to its user, whatever
 *    e-mail the provider reports now (a changed e-mail at the provider does not make a second user).
 * 2. A new identity needs a verified e-mail. If no user has it, a user is provisioned (the policy's default role and
 *    workspace; no usable password). If a password account has it, the identity is linked only when the policy allows
 *    linking existing accounts; otherwise the sign-in is refused and the account keeps signing in with its password.
 * 3. A disabled user is refused either way (nothing is provisioned for them).
 *
 * Every attempt is in the access audit with method `oidc`; a refusal changes nothing else. Password sign-in being
 * off does not concern single sign-on (it is the way in such a policy leaves), nor does the two-factor policy: the
 * identity provider owns the second factor of its sign-ins.
 */
export async function signInWithSso({
  db,
  claims: rawClaims,
  ip,
  userAgent = null,
  now = Date.now(),
}: {
  db: DB;
  claims: unknown;
  ip: string | null;
  userAgent?: string | null;
  now?: number;
}): Promise<Actor & { sessionVersion: number }> {
  const claims = SsoClaims.parse(rawClaims);
  const attempt = { method: "oidc" as const, ip, userAgent };
  try {
    // A first sign-in may provision an account, whose unusable password hash (scrypt) cannot be made inside the
    // synchronous transaction: made beforehand, only when this identity is new.
    const passwordHash = findSsoIdentity(db, { issuer: claims.iss, subject: claims.sub }) ? null : await unusablePasswordHash();
    const user = db.transaction(
      (tx) => {
        const resolved = resolveUser(tx, claims, { ip, passwordHash });
        if (resolved.disabled) throw new SsoSignInRefused("account_disabled", "This account is disabled");
        const at = new Date(now);
        tx.update(users).set({ lastLoginAt: at }).where(eq(users.id, resolved.id)).run();
        tx.update(ssoIdentities)
          .set({ lastSignInAt: at, ...(claims.email ? { email: claims.email.trim().toLowerCase() } : {}) })
          .where(and(eq(ssoIdentities.issuer, claims.iss), eq(ssoIdentities.subject, claims.sub)))
          .run();
        recordSignIn({ db: tx, userId: resolved.id, ...attempt, outcome: "success" });
        return resolved;
      },
      { behavior: "immediate" },
    );
    return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
  } catch (error) {
    if (error instanceof SsoSignInRefused) {
      // Recorded on its own: the refused attempt's transaction (and anything it would have created) was rolled back.
      const known = findSsoIdentity(db, { issuer: claims.iss, subject: claims.sub });
      recordSignIn({ db, userId: known?.userId ?? null, email: claims.email, ...attempt, outcome: "failure", reason: error.reason });
    }
    throw error;
  }
}

/** The user this identity signs in to: linked before, linked now to an existing account, or provisioned. */
function resolveUser(tx: DbOrTx, claims: SsoClaims, { ip, passwordHash }: { ip: string | null; passwordHash: string | null }): User {
  const identity = findSsoIdentity(tx, { issuer: claims.iss, subject: claims.sub });
  const linked = identity ? findUserById(tx, { id: identity.userId }) : undefined;
  if (linked) return linked;

  const person = personFrom(claims);
  const policy = effectivePolicy(tx).sso;
  const ctx: Omit<ServiceContext, "actor"> = { via: "session", viaLabel: "single sign-on", ip };
  const existing = findUserByEmail(tx, { email: person.email });
  if (existing) {
    if (!policy.linkExistingAccounts) {
      throw new SsoSignInRefused("sso_account_not_linked", `${person.email} already has a password account, and the security policy does not link single sign-on to existing accounts`);
    }
    if (existing.disabled) throw new SsoSignInRefused("account_disabled", "This account is disabled");
    linkSsoIdentity(tx, { ...ctx, actor: { id: existing.id, email: existing.email, name: existing.name, role: existing.role } }, { userId: existing.id, person });
    return existing;
  }
  // The identity was linked a moment ago, before the transaction, and its user has been deleted since.
  if (!passwordHash) throw new ConflictError("This account changed while signing in: sign in again");
  return provisionSsoUser(tx, ctx, { person, policy, passwordHash });
}
