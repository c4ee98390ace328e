import { desc, eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { toApiTokenDto, type ApiTokenDto } from "./queries";

export function listApiTokens({ db, ctx }: { db: DB; ctx: ServiceContext }): ApiTokenDto[] {
  const actor = authorize(ctx, can.manageOwnTokens);
  const now = Date.now();
  return db.select().from(apiTokens).where(eq(apiTokens.userId, actor.id)).orderBy(desc(apiTokens.id)).all().map((row) => toApiTokenDto(row, now));
}
