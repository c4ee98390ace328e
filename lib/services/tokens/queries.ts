import { z } from "zod";
import { TOKEN_SCOPES, type ApiToken, type Role, type TokenScope } from "@/db/schema";
import { IsoTimestamp } from "@/lib/services/dto-fields";

/** A personal API token as its owner sees it: never the token or its hash. */
export const ApiTokenDto = z.strictObject({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: IsoTimestamp,
  expiresAt: IsoTimestamp.nullable(),
  lastUsedAt: IsoTimestamp.nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: IsoTimestamp.nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type ApiTokenDto = z.infer<typeof ApiTokenDto>;

export function toApiTokenDto(row: ApiToken, now = Date.now()): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: TOKEN_SCOPES.filter((scope) => row.scopes.includes(scope)),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: row.revokedAt ? "revoked" : isExpired(row, now) ? "expired" : "active",
  };
}

export function isExpired(row: Pick<ApiToken, "expiresAt">, now = Date.now()): boolean {
  return row.expiresAt !== null && row.expiresAt.getTime() <= now;
}

/**
 * The scopes a role can use: `admin` only for administrators. Tokens made before scopes existed were given exactly
 * these (migration 0013), and so is a new token whose scopes are not named.
 */
export function scopesForRole(role: Role): TokenScope[] {
  return role === "admin" ? [...TOKEN_SCOPES] : ["read", "write"];
}
