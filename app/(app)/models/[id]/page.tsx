import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LineageTree } from "@/components/models/lineage-tree";
import { ModelHeader } from "@/components/models/model-header";
import { BestVersionsCard, LatestScoresCard, PerformanceChartCard } from "@/components/models/performance-section";
import { VersionsTable } from "@/components/models/versions-table";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { benchmarkKey, pickBenchmark } from "@/lib/models-view/benchmarks";
import { first, positiveId } from "@/lib/models-view/list-filters";
import { getModel } from "@/lib/services/models/manage-models";
import { modelHistory } from "@/lib/services/models/performance";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const ctx = await requirePageContext();
  try {
    return { title: getModel({ db: getDb(), ctx, modelId: id }).name };
  } catch {
    return { title: "Model" };
  }
}

export default async function ModelPage({ params, searchParams }: Props) {
  const ctx = await requirePageContext();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const db = getDb();
  let model;
  try {
    model = getModel({ db, ctx, modelId: id });
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidInputError) notFound();
    throw error;
  }
  const history = modelHistory({ db, ctx, input: { modelId: model.id } });
  const selected = pickBenchmark(history.benchmarks, history.series, first(query.bench) || null);
  const owned = { createdById: model.createdBy?.id ?? null };
  const permissions = {
    canEdit: can.editOwned(ctx.actor, owned),
    canLaunch: can.launchRun(ctx.actor),
    canCreate: can.createOwned(ctx.actor),
    modelActive: model.status === "active",
  };
  const versionRefs = model.versions.map((v) => ({ id: v.id, label: v.label }));

  return (
    <>
      <ModelHeader model={model} canEdit={permissions.canEdit} canCreateVersion={permissions.canCreate} />
      <div className="space-y-5">
        <section id="versions" aria-label="Versions" className="scroll-mt-20">
          <VersionsTable modelId={model.id} versions={model.versions} permissions={permissions} highlightId={positiveId(query.created)} />
        </section>
        <div className="grid gap-5 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <section aria-label="Performance over time" className="min-w-0">
            <PerformanceChartCard history={history} selected={selected} versions={versionRefs} canLaunch={permissions.canLaunch} />
          </section>
          <div className="space-y-5">
            <BestVersionsCard history={history} versions={versionRefs} />
            <LineageTree versions={model.versions} />
          </div>
        </div>
        <section aria-label="Latest scores">
          <LatestScoresCard history={history} versions={versionRefs} selectedKey={selected ? benchmarkKey(selected) : null} />
        </section>
      </div>
    </>
  );
}
