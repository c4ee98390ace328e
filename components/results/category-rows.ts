import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import type { CategoryInput } from "@/lib/results-view/categories";
import type { RunResultsDto } from "@/lib/services/results/get-run-results";
import { categoryBreakdown } from "@/lib/services/results/list-samples";

/** Per-category rows of a task for the results section and the samples browser (aggregated once at ingest). */
export function categoryRows({ db, ctx, results, task }: { db: DB; ctx: ServiceContext; results: RunResultsDto; task: string }): CategoryInput[] {
  return categoryBreakdown({ db, ctx, runId: results.runId, task });
}
