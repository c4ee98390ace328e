import net from "node:net";
import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorizeOperatorOr, can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { parseInput } from "@/lib/services/validate";
import { EmailSchema } from "./schemas";
import { clearSignInFailures } from "./sign-in";

const UnlockSignInInput = z
  .object({
    email: EmailSchema.optional(),
    address: z
      .string()
      .trim()
      .refine((value) => net.isIP(value) !== 0, { error: "Address must be an IPv4 or IPv6 address" })
      .optional(),
  })
  .refine((value) => value.email !== undefined || value.address !== undefined, { error: "Give an email, an address or both" });
export type UnlockSignInInput = z.infer<typeof UnlockSignInInput>;

/**
 * Lifts the sign-in delays of an account and/or a network address by forgetting their failed attempts: the way back
 * in for someone whose account is being guessed at (`npm run admin -- unlock`). Audited.
 */
export function unlockSignIn({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): { cleared: number } {
  authorizeOperatorOr(ctx, can.manageUsers);
  const data = parseInput(UnlockSignInInput, input);
  return db.transaction((tx) => {
    const cleared = clearSignInFailures(tx, { email: data.email, ip: data.address });
    writeAudit(tx, ctx, { action: "user.unlock_sign_in", detail: { email: data.email ?? null, address: data.address ?? null, cleared } });
    return { cleared };
  });
}
