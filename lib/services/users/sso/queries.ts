import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ssoIdentities, type SsoIdentity } from "@/db/schema";

export function findSsoIdentity(db: DbOrTx, params: { issuer: string; subject: string }): SsoIdentity | undefined {
  return db
    .select()
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.issuer, params.issuer), eq(ssoIdentities.subject, params.subject)))
    .get();
}

/** Whether a user has signed in (or may sign in) through single sign-on: any linked provider identity. */
export function hasSsoIdentity(db: DbOrTx, userId: number): boolean {
  return db.select({ id: ssoIdentities.id }).from(ssoIdentities).where(eq(ssoIdentities.userId, userId)).limit(1).get() !== undefined;
}
