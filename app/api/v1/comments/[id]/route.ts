import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { deleteComment, updateComment } from "@/lib/services/comments/comments";

export const PATCH = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => NextResponse.json(updateComment({ db, ctx, commentId: params.id, input: await readJson(req) })));
export const DELETE = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  deleteComment({ db, ctx, commentId: params.id });
  return new Response(null, { status: 204 });
});
