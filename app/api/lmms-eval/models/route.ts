import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ models: listTaskCatalogue({ db, ctx }).models.map((m) => m.name) }), { errors: "fastapi" });
