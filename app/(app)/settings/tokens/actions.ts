"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { revokeApiToken } from "@/lib/services/tokens/revoke-api-token";

export const createTokenAction = sessionAction(
  ({ ctx, db, formData }) => createApiToken({ db, ctx, input: { name: formData.get("name") } }),
  () => revalidatePath("/settings/tokens"),
);

export const revokeTokenAction = sessionAction(
  ({ ctx, db, formData }) => revokeApiToken({ db, ctx, input: { tokenId: formData.get("tokenId") } }),
  () => revalidatePath("/settings/tokens"),
);
