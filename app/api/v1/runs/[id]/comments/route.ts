import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createComment, listComments } from "@/lib/services/comments/comments";

/** A run's discussion (run and sample comments); `?task=&docId=` narrows to one sample, `?label=` to a label. */
export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) =>
  NextResponse.json({ items: listComments({ db, ctx, input: { ...Object.fromEntries(req.nextUrl.searchParams), runId: params.id } }) }),
);

export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(createComment({ db, ctx, input: { ...body, runId: params.id } }), { status: 201 });
});
