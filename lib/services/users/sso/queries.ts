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
