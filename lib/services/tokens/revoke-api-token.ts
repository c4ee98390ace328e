import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";

const RevokeApiTokenInput = z.object({ tokenId: z.coerce.number().int().positive() });

/** Revokes one of the caller's own tokens (a token of someone else is reported as not found, not forbidden). */
export function revokeApiToken({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): void {
  const actor = authorize(ctx, can.manageOwnTokens);
  const { tokenId } = parseInput(RevokeApiTokenInput, input);
  db.transaction((tx) => {
    const row = tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
      .returning()
      .get();
    if (!row) throw new NotFoundError(`Active API token ${tokenId}`);
    writeAudit(tx, ctx, { action: "api_token.revoke", targetType: "api_token", targetId: row.id, detail: { name: row.name } });
  });
}
