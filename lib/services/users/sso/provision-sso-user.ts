import crypto from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { ssoIdentities, users, type User } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "@/lib/services/audit";
import type { SsoPolicy } from "@/lib/services/security/policy";

/** The person as the identity provider describes them, checked (sign-in-with-sso.ts). */
export type SsoPerson = { issuer: string; subject: string; email: string; name: string };

/**
 * The password hash of an account made by single sign-on: a random password nobody ever sees, so the account has no
 * usable password — yet signing in to it with one costs the same scrypt as any wrong password and reveals nothing.
 * An admin's "reset password" gives it a real one, which makes it a password account too. Computed before the
 * transaction (scrypt is asynchronous; SQLite transactions here are synchronous).
 */
export function unusablePasswordHash(): Promise<string> {
  return hashPassword(crypto.randomBytes(32).toString("base64url"));
}

/** Links a provider identity to a dashboard user (the (issuer, subject) pair is unique: one user per identity). */
export function linkSsoIdentity(tx: DbOrTx, ctx: ServiceContext, { userId, person }: { userId: number; person: SsoPerson }): void {
  tx.insert(ssoIdentities).values({ userId, issuer: person.issuer, subject: person.subject, email: person.email }).run();
  writeAudit(tx, ctx, { action: "user.sso_link", targetType: "user", targetId: userId, detail: { issuer: person.issuer, subject: person.subject, email: person.email } });
}

/**
 * Where a new single sign-on user is given access to the dashboard's content. Today the instance role on the user row
 * is that access, so there is nothing more to do; once workspaces exist this is the one place that adds the user to
 * the policy's default workspace (`addWorkspaceMember(tx, { workspaceId, userId, role })`).
 */
export function joinDefaultWorkspace(_tx: DbOrTx, _params: { userId: number; role: SsoPolicy["defaultRole"]; policy: SsoPolicy }): void {}

/**
 * Creates the dashboard user for a person's first single sign-on: their provider e-mail and name, the policy's default
 * role, no usable password, the identity linked, membership of the default workspace — all in the caller's
 * transaction, audited as a user creation by single sign-on.
 */
export function provisionSsoUser(
  tx: DbOrTx,
  ctx: Omit<ServiceContext, "actor">,
  { person, policy, passwordHash }: { person: SsoPerson; policy: SsoPolicy; passwordHash: string },
): User {
  const user = tx.insert(users).values({ email: person.email, name: person.name, role: policy.defaultRole, passwordHash }).returning().get();
  const asUser: ServiceContext = { ...ctx, actor: { id: user.id, email: user.email, name: user.name, role: user.role } };
  writeAudit(tx, asUser, { action: "user.create", targetType: "user", targetId: user.id, detail: { email: user.email, role: user.role, via: "single sign-on", issuer: person.issuer } });
  linkSsoIdentity(tx, asUser, { userId: user.id, person });
  joinDefaultWorkspace(tx, { userId: user.id, role: policy.defaultRole, policy });
  return user;
}
