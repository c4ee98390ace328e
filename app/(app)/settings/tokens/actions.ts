"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { revokeApiToken } from "@/lib/services/tokens/revoke-api-token";

/** The form's "Expires" choice: a number of days from now, a date of one's own, or never. */
function expiresAt(formData: FormData): string | null {
  const choice = formData.get("expiresIn");
  if (choice === "date") return String(formData.get("expiresOn") ?? "");
  const days = Number(choice);
  return Number.isInteger(days) && days > 0 ? new Date(Date.now() + days * 24 * 3600 * 1000).toISOString() : null;
}

export const createTokenAction = sessionAction(
  ({ ctx, db, formData }) =>
    createApiToken({ db, ctx, input: { name: formData.get("name"), scopes: formData.getAll("scopes"), expiresAt: expiresAt(formData) } }),
  () => revalidatePath("/settings/tokens"),
);

export const revokeTokenAction = sessionAction(
  ({ ctx, db, formData }) => revokeApiToken({ db, ctx, input: { tokenId: formData.get("tokenId") } }),
  () => revalidatePath("/settings/tokens"),
);
