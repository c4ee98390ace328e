import { apiRoute } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/services/tokens/revoke-api-token";

export const DELETE = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  revokeApiToken({ db, ctx, input: { tokenId: params.id } });
  return new Response(null, { status: 204 });
});
