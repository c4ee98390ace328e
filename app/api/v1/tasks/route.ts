import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const GET = apiRoute(({ req, ctx, db }) => {
  const { items, meta } = listTaskCatalogue({ db, ctx, q: req.nextUrl.searchParams.get("q") ?? undefined });
  return NextResponse.json({ items, refreshedAt: meta?.refreshedAt ?? null });
});
