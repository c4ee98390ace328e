import { and, count, eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { apiTokenAddresses } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit-view/actions";
import type { ServiceContext } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/services/audit";

/**
 * The first request with a token from an address it was never used from is audited, once per (token, address): a
 * leaked token shows up as its owner's token used from somewhere new. Known addresses cost one primary-key lookup;
 * the insert that claims a new one decides, so two processes seeing it at once still write one entry.
 */
export function recordTokenAddress({ db, ctx, tokenId }: { db: DB; ctx: ServiceContext; tokenId: number }): void {
  const ip = ctx.ip;
  if (!ip) return;
  const known = db
    .select({ tokenId: apiTokenAddresses.tokenId })
    .from(apiTokenAddresses)
    .where(and(eq(apiTokenAddresses.tokenId, tokenId), eq(apiTokenAddresses.ip, ip)))
    .get();
  if (known) return;
  db.transaction((tx) => {
    const claimed = tx.insert(apiTokenAddresses).values({ tokenId, ip, firstSeenAt: new Date() }).onConflictDoNothing().run();
    if (claimed.changes === 0) return;
    const addresses = tx.select({ n: count() }).from(apiTokenAddresses).where(eq(apiTokenAddresses.tokenId, tokenId)).get()?.n ?? 1;
    writeAudit(tx, ctx, { action: AUDIT_ACTIONS.tokenNewAddress, targetType: "api_token", targetId: tokenId, detail: { name: ctx.viaLabel ?? null, firstUse: addresses === 1 } });
  });
}
