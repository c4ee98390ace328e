import type { Metadata } from "next";
import { ModelsFilterBar } from "@/components/models/models-filter-bar";
import { ModelsTable } from "@/components/models/models-table";
import { NewModelButton } from "@/components/models/new-model-dialog";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { hasModelFilters, modelsQueryString, parseModelsFilter } from "@/lib/models-view/list-filters";
import { listModels } from "@/lib/services/models/manage-models";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const filter = parseModelsFilter(await searchParams);
  const db = getDb();
  const models = listModels({ db, ctx, input: { q: filter.q || undefined, tag: filter.tag || undefined, status: filter.status } });
  // Tag choices come from every model, so picking a tag never hides the others from the menu.
  const tags = [...new Set(listModels({ db, ctx, input: { status: "all" } }).flatMap((m) => m.tags))].sort((a, b) => a.localeCompare(b));
  return (
    <>
      <PageHeader
        title="Models"
        description="The model registry: each model's versions, their lineage, and how their scores move over time."
        actions={can.createOwned(ctx.actor) ? <NewModelButton /> : null}
      />
      <div className="space-y-3">
        <ModelsFilterBar key={modelsQueryString(filter) || "all"} filter={filter} tags={tags} />
        <ModelsTable models={models} filter={filter} filtered={hasModelFilters(filter)} />
      </div>
    </>
  );
}
