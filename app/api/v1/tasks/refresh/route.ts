import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getConfig } from "@/lib/config";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";

export const POST = apiRoute(async ({ ctx, db }) =>
  NextResponse.json(await refreshTaskCatalogue({ db, ctx, command: getConfig().lmmsEvalCommand })),
);
