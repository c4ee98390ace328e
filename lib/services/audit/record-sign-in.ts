import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import { findUserByEmail, findUserById } from "@/lib/services/users/queries";
import { appendAuditEntry } from "./chain";

/** How someone proved who they are (a second factor joins the password with "+"; `oidc`: single sign-on). */
export type SignInMethod = "password" | "password+totp" | "password+recovery_code" | "oidc";
/**
 * Why a sign-in failed: a code for the log, never the password or a hint of it. The log tells apart what the sign-in
 * form deliberately does not (an unknown e-mail and a wrong password get the same message there).
 */
export type SignInFailureReason =
  | "unknown_email"
  | "wrong_password"
  | "account_disabled"
  | "throttled"
  | "invalid_code"
  | "password_sign_in_off"
  // Single sign-on: the provider sent no e-mail, or one it has not verified; the e-mail belongs to a password account
  // the policy does not let single sign-on link to.
  | "sso_email_missing"
  | "sso_email_unverified"
  | "sso_account_not_linked";

const USER_AGENT_MAX = 512;
const NotAnEmail = "(not an e-mail address)";

/**
 * People type their password into the e-mail field now and then: an attempted "e-mail" that is not one is never
 * written down.
 */
function attemptedEmail(email: string | undefined): string {
  const trimmed = (email ?? "").trim().toLowerCase();
  return z.email().max(254).safeParse(trimmed).success ? trimmed : NotAnEmail;
}

/**
 * Records one sign-in attempt, successful or not: method, client address, user agent and, for a failure, the reason
 * code. The entry's actor is the account signed in to (or the attempted e-mail when there is no such account), so
 * filtering the log by a user shows the attempts on their account too. Call it inside the sign-in's own transaction
 * where there is one. Successful sign-ins keep the action `user.sign_in`: an account's known addresses are read from them.
 */
export function recordSignIn({
  db,
  userId,
  email,
  method,
  ip,
  userAgent,
  outcome,
  reason,
}: {
  db: DbOrTx;
  userId?: number | null;
  email?: string;
  method: SignInMethod;
  ip: string | null;
  userAgent: string | null;
  outcome: "success" | "failure";
  reason?: SignInFailureReason;
}): void {
  const user = userId ? findUserById(db, { id: userId }) : email ? findUserByEmail(db, { email: email.trim() }) : undefined;
  appendAuditEntry(db, {
    at: new Date(),
    actorId: user?.id ?? null,
    actorLabel: user?.email ?? attemptedEmail(email),
    action: outcome === "success" ? AUDIT_ACTIONS.signIn : AUDIT_ACTIONS.signInFailed,
    targetType: user ? "user" : null,
    targetId: user ? String(user.id) : null,
    ip,
    detail: {
      method,
      ...(outcome === "failure" ? { reason: reason ?? "unknown" } : {}),
      userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
    },
  });
}
