import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getTaskYaml } from "@/lib/services/tasks/list-task-catalogue";

export const GET = apiRoute<{ name: string }>(({ params, ctx, db }) => NextResponse.json(getTaskYaml({ db, ctx, name: params.name })));
