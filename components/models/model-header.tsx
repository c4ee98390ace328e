import { ChevronRight, Plus } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";
import type { ModelDto } from "@/lib/services/models/queries";
import { ModelActions } from "./model-actions";
import { ModelStatusBadge, TagList } from "./status-badges";

export function ModelHeader({ model, canEdit, canCreateVersion }: { model: ModelDto; canEdit: boolean; canCreateVersion: boolean }) {
  return (
    <header className="mb-6">
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-xs text-zinc-500">
        <Link href="/models" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Models
        </Link>
        <ChevronRight size={12} aria-hidden />
        <span className="truncate text-zinc-700 dark:text-zinc-300">{model.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 max-w-3xl">
          <div className="flex flex-wrap items-center gap-2.5">
            <h1 className="text-xl font-semibold tracking-tight">{model.name}</h1>
            <ModelStatusBadge status={model.status} />
          </div>
          {model.description ? <p className="mt-1 text-sm whitespace-pre-line text-zinc-600 dark:text-zinc-400">{model.description}</p> : null}
          <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1.5 text-xs text-zinc-500">
            <TagList tags={model.tags} hrefFor={(tag) => `/models?tag=${encodeURIComponent(tag)}`} />
            <span>
              owner <span className="font-medium text-zinc-700 dark:text-zinc-300">{model.createdBy?.name ?? "—"}</span>
            </span>
            <span>
              {model.versionCount} version{model.versionCount === 1 ? "" : "s"} · {model.runCount} run{model.runCount === 1 ? "" : "s"}
            </span>
            <span>registered {formatDateTime(model.createdAt)}</span>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canEdit ? <ModelActions model={model} /> : null}
          {canCreateVersion && model.status === "active" ? (
            <Link href={`/models/${model.id}/versions/new`} className={buttonClasses("primary")}>
              <Plus size={15} aria-hidden /> New version
            </Link>
          ) : null}
        </div>
      </div>
    </header>
  );
}
