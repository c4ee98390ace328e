import { z } from "zod";
import type { ApiToken } from "@/db/schema";
import { IsoTimestamp } from "@/lib/services/dto-fields";

/** A personal API token as its owner sees it: never the token or its hash. */
export const ApiTokenDto = z.strictObject({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: IsoTimestamp,
  lastUsedAt: IsoTimestamp.nullable(),
  revokedAt: IsoTimestamp.nullable(),
});
export type ApiTokenDto = z.infer<typeof ApiTokenDto>;

export function toApiTokenDto(row: ApiToken): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
