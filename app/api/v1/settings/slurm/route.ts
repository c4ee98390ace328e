import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getSlurmSettings } from "@/lib/services/slurm/get-slurm-settings";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json(getSlurmSettings({ db, ctx })));

export const PUT = apiRoute(async ({ req, ctx, db }) => NextResponse.json(updateSlurmSettings({ db, ctx, input: await readJson(req) })));
