import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { InvalidInputError } from "@/lib/services/errors";
import { writeSetting } from "@/lib/services/settings/settings-store";
import { parseInput } from "@/lib/services/validate";
import { instancePolicy, SECURITY_POLICY_KEY, SecurityPolicy, SsoPolicy } from "./policy";

const groups = SecurityPolicy.shape;

/** `PUT /api/v1/security/policies` and the settings page: any groups and fields; what is left out keeps its value. */
export const SecurityPolicyUpdate = z.strictObject({
  passwords: groups.passwords.partial().optional(),
  sessions: groups.sessions.partial().optional(),
  signIn: groups.signIn.partial().optional(),
  twoFactor: groups.twoFactor.partial().optional(),
  apiTokens: groups.apiTokens.partial().optional(),
  uploads: groups.uploads.partial().optional(),
  runs: groups.runs.partial().optional(),
  sso: SsoPolicy.partial().optional(),
});
export type SecurityPolicyUpdate = z.infer<typeof SecurityPolicyUpdate>;

/** Admins read the instance's security policy. */
export function getSecurityPolicy({ db, ctx }: { db: DB; ctx: ServiceContext }): SecurityPolicy {
  authorize(ctx, can.manageSettings);
  return instancePolicy(db);
}

/**
 * The break-glass account must be an enabled administrator: with password sign-in off it is the one way in that does
 * not depend on single sign-on, so it is checked when the policy is saved rather than discovered during an outage.
 */
function assertBreakGlass(tx: DbOrTx, policy: SecurityPolicy): void {
  const { password, breakGlassUserId } = policy.signIn;
  if (!password && breakGlassUserId === null) {
    throw new InvalidInputError("Name a break-glass administrator who may still sign in with a password before turning password sign-in off", {
      "signIn.breakGlassUserId": ["Choose the administrator who may still sign in with a password"],
    });
  }
  if (breakGlassUserId === null) return;
  const user = tx.select({ role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, breakGlassUserId)).get();
  if (!user || user.role !== "admin" || user.disabled) {
    throw new InvalidInputError(`User ${breakGlassUserId} is not an enabled administrator, so it cannot be the break-glass account`, {
      "signIn.breakGlassUserId": ["The break-glass account must be an enabled administrator"],
    });
  }
}

/** Each changed field as `group.field: [before, after]`, for the audit log. */
function changes(before: SecurityPolicy, after: SecurityPolicy): Record<string, [unknown, unknown]> {
  const changed: Record<string, [unknown, unknown]> = {};
  for (const group of Object.keys(after) as Array<keyof SecurityPolicy>) {
    for (const [field, value] of Object.entries(after[group])) {
      const old = (before[group] as Record<string, unknown>)[field];
      if (JSON.stringify(old) !== JSON.stringify(value)) changed[`${group}.${field}`] = [old, value];
    }
  }
  return changed;
}

/** Admins change the security policy; the change and its audit row are one transaction. Returns the whole policy. */
export function updateSecurityPolicy({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): SecurityPolicy {
  authorize(ctx, can.manageSettings);
  const update = parseInput(SecurityPolicyUpdate, input);
  return db.transaction(
    (tx) => {
      const before = instancePolicy(tx);
      const merged = parseInput(SecurityPolicy, {
        passwords: { ...before.passwords, ...update.passwords },
        sessions: { ...before.sessions, ...update.sessions },
        signIn: { ...before.signIn, ...update.signIn },
        twoFactor: { ...before.twoFactor, ...update.twoFactor },
        apiTokens: { ...before.apiTokens, ...update.apiTokens },
        uploads: { ...before.uploads, ...update.uploads },
        runs: { ...before.runs, ...update.runs },
        sso: { ...before.sso, ...update.sso },
      });
      assertBreakGlass(tx, merged);
      const detail = changes(before, merged);
      writeSetting(tx, SECURITY_POLICY_KEY, merged);
      if (Object.keys(detail).length > 0) writeAudit(tx, ctx, { action: "security.policy_update", targetType: "security_policy", detail });
      return merged;
    },
    { behavior: "immediate" },
  );
}
