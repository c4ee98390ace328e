import { z } from "zod";
import type { DB } from "@/db/client";
import { apiTokens, TOKEN_SCOPES } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { ForbiddenError, InvalidInputError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { generateToken } from "./token-format";
import { scopesForRole, toApiTokenDto, type ApiTokenDto } from "./queries";

export const TokenScopes = z
  .array(z.enum(TOKEN_SCOPES, { error: "Scopes are read, write and admin" }), { error: "scopes must be a list such as [\"read\", \"write\"]" })
  .min(1, { error: "Choose at least one scope" })
  .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope)));

/** `2027-03-31` (valid through that day, UTC) or a date-time with its offset. */
const ExpiresAt = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "expiresAt must be a date (2027-03-31) or an ISO date-time" })
  .transform((value) => (value.length === 10 ? new Date(Date.parse(`${value}T00:00:00Z`) + 24 * 3600 * 1000) : new Date(value)));

export const CreateApiTokenInput = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(80, { error: "Name must be at most 80 characters" }),
  scopes: TokenScopes.optional().describe("read, write and/or admin; default: every scope your role can use"),
  expiresAt: ExpiresAt.nullable().optional().describe("when the token stops working; null or omitted: never"),
});

/**
 * Creates a personal API token; the plain token is returned once and only its hash is stored. A token can never carry
 * more than its owner's role allows, and a token that creates a token cannot hand out more than it has itself (more
 * scopes or a longer life), so a leaked narrow token cannot mint a wide one.
 */
export function createApiToken({ db, ctx, input, now = Date.now() }: { db: DB; ctx: ServiceContext; input: unknown; now?: number }): {
  token: string;
  info: ApiTokenDto;
} {
  const actor = authorize(ctx, can.manageOwnTokens);
  const data = parseInput(CreateApiTokenInput, input);
  const allowed = scopesForRole(actor.role);
  const scopes = data.scopes ?? allowed.filter((scope) => !ctx.token || ctx.token.scopes.includes(scope));
  const beyondRole = scopes.filter((scope) => !allowed.includes(scope));
  if (beyondRole.length) throw new InvalidInputError(`Only administrators can give a token the ${beyondRole.join(", ")} scope`, { scopes: ["Only administrators can use the admin scope"] });
  const expiresAt = data.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= now) throw new InvalidInputError("The expiry must be in the future", { expiresAt: ["Choose a date in the future"] });
  if (ctx.token) {
    const extra = scopes.filter((scope) => !ctx.token!.scopes.includes(scope));
    if (extra.length) throw new ForbiddenError(`A token cannot create a token with scopes it does not have itself (${extra.join(", ")})`);
    const limit = ctx.token.expiresAt;
    if (limit && (!expiresAt || expiresAt > limit)) throw new ForbiddenError(`A token cannot create a token that outlives it: choose an expiry on or before ${limit.toISOString()}`);
  }
  const { token, prefix, hash } = generateToken();
  return db.transaction((tx) => {
    const row = tx.insert(apiTokens).values({ userId: actor.id, name: data.name, prefix, tokenHash: hash, scopes, expiresAt }).returning().get();
    writeAudit(tx, ctx, {
      action: "api_token.create",
      targetType: "api_token",
      targetId: row.id,
      detail: { name: row.name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, info: toApiTokenDto(row, now) };
  });
}
