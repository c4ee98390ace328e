import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

/** lmms-eval's `{"tasks": [names]}` from the dashboard's catalogue (tasks, groups and tags, like TaskManager.all_tasks). */
export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ tasks: listTaskCatalogue({ db, ctx }).items.map((i) => i.name) }), { errors: "fastapi" });
