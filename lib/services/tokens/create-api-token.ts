import { z } from "zod";
import type { DB } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { parseInput } from "@/lib/services/validate";
import { generateToken } from "./token-format";
import { toApiTokenDto, type ApiTokenDto } from "./queries";

const CreateApiTokenInput = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(80, { error: "Name must be at most 80 characters" }),
});

/** Creates a personal API token; the plain token is returned once and only its hash is stored. */
export function createApiToken({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): {
  token: string;
  info: ApiTokenDto;
} {
  const actor = authorize(ctx, can.manageOwnTokens);
  const data = parseInput(CreateApiTokenInput, input);
  const { token, prefix, hash } = generateToken();
  return db.transaction((tx) => {
    const row = tx.insert(apiTokens).values({ userId: actor.id, name: data.name, prefix, tokenHash: hash }).returning().get();
    writeAudit(tx, ctx, { action: "api_token.create", targetType: "api_token", targetId: row.id, detail: { name: row.name, prefix } });
    return { token, info: toApiTokenDto(row) };
  });
}
