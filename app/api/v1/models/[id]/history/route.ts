import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { modelHistory } from "@/lib/services/models/performance";

/** The series the model page's chart draws for one benchmark (the first one when none is named). */
export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) => {
  const q = Object.fromEntries(req.nextUrl.searchParams);
  const history = modelHistory({ db, ctx, input: { ...q, modelId: params.id } });
  const benchmark = history.benchmarks[0] ?? null;
  const series = benchmark ? history.series[`${benchmark.task}|${benchmark.metric}|${benchmark.filter}`] : [];
  return NextResponse.json({ benchmark, series, benchmarks: history.benchmarks });
});
