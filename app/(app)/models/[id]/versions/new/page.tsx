import { ChevronRight, CopyPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card } from "@/components/ui/card";
import { VersionForm, type VersionFormInitial } from "@/components/models/version-form";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { positiveId } from "@/lib/models-view/list-filters";
import { suggestNextLabel } from "@/lib/models-view/version-form";
import { getModel } from "@/lib/services/models/manage-models";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const metadata: Metadata = { title: "New version" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewVersionPage({ params, searchParams }: Props) {
  const ctx = await requirePageContext();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const db = getDb();
  const model = loadOrNotFound(() => getModel({ db, ctx, modelId: id }));
  if (!can.createOwned(ctx.actor)) return <AccessDenied what="registering model versions" />;

  const fromId = positiveId(query.from);
  // The DTO, not the row: a copied api_key arrives as `***` and must be typed again (the form says so).
  const from = fromId ? (model.versions.find((v) => v.id === fromId) ?? null) : null;
  const labels = model.versions.map((v) => v.label);
  const initial: VersionFormInitial = from
    ? { label: suggestNextLabel(from.label, labels), backend: from.backend, modelArgs: from.modelArgs, genKwargs: from.genKwargs, notes: "", parentVersionId: from.id, parentRelation: "" }
    : { label: labels.length ? suggestNextLabel(labels.at(-1)!, labels) : "v1", backend: "", modelArgs: "", genKwargs: "", notes: "", parentVersionId: null, parentRelation: "" };
  const backends = [...new Set([...model.versions.map((v) => v.backend), ...listTaskCatalogue({ db, ctx }).models.map((m) => m.name)])].sort();

  return (
    <div className="mx-auto max-w-3xl">
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-xs text-zinc-500">
        <Link href="/models" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Models
        </Link>
        <ChevronRight size={12} aria-hidden />
        <Link href={`/models/${model.id}`} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          {model.name}
        </Link>
        <ChevronRight size={12} aria-hidden />
        <span className="text-zinc-700 dark:text-zinc-300">New version</span>
      </nav>
      <h1 className="text-xl font-semibold tracking-tight">{from ? `New version from ${from.label}` : `New version of ${model.name}`}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-500">
        A version fixes what lmms-eval runs: backend, model args and default gen kwargs. Once a run used it, it cannot change, so results keep meaning what they meant.
      </p>
      {fromId && !from ? (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          Version #{fromId} is not a version of {model.name}; starting from an empty form.
        </p>
      ) : null}
      {from ? (
        <p className="mb-4 flex items-center gap-2 rounded-md border border-accent-100 bg-accent-50 px-3 py-2 text-sm text-accent-700 dark:border-accent-500/30 dark:bg-accent-500/10 dark:text-accent-100">
          <CopyPlus size={14} aria-hidden /> Copied from <span className="font-mono font-medium">{from.label}</span>; it is set as the parent. Edit what differs.
        </p>
      ) : null}
      {model.status === "archived" ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {model.name} is archived; restore it before adding versions.
        </p>
      ) : (
        <Card className="p-5">
          <VersionForm modelId={model.id} initial={initial} parents={model.versions.map((v) => ({ id: v.id, label: v.label }))} backends={backends} copiedFrom={from?.label ?? null} />
        </Card>
      )}
    </div>
  );
}
