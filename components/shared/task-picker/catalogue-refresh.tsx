"use client";

import { RefreshCw } from "lucide-react";
import { startTransition, useActionState } from "react";
import { refreshCatalogueAction } from "@/app/(app)/runs/new/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import type { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";

const METHOD_TEXT: Record<CatalogueMeta["method"], string> = {
  scan: "by scanning lmms-eval's task YAML files",
  "tasks-list": "from `lmms-eval tasks list` (names only)",
  none: "nothing could be read",
};

type RefreshState = ActionState<CatalogueMeta>;

/**
 * Rebuilds the catalogue on the server. A button, not a form: it lives inside the new-run form, and forms do not
 * nest. The page is revalidated by the action, so the picker receives the new entries as props.
 */
export function useCatalogueRefresh() {
  const [state, dispatch, pending] = useActionState(
    refreshCatalogueAction as (s: RefreshState, f: FormData) => Promise<RefreshState>,
    initialActionState as RefreshState,
  );
  const refresh = () => startTransition(() => dispatch(new FormData()));
  return { state, pending, refresh };
}

export function RefreshCatalogueButton({ pending, onClick }: { pending: boolean; onClick: () => void }) {
  return (
    <Button variant="secondary" size="sm" onClick={onClick} disabled={pending} aria-busy={pending}>
      <RefreshCw size={13} aria-hidden className={pending ? "animate-spin" : undefined} />
      {pending ? "Refreshing…" : "Refresh catalogue"}
    </Button>
  );
}

/** The outcome of the last refresh, announced politely; nothing before the first click. */
export function CatalogueRefreshStatus({ state, pending }: { state: RefreshState; pending: boolean }) {
  if (pending) {
    return (
      <p role="status" className="rounded-md bg-accent-50 px-3 py-2 text-xs text-accent-700 dark:bg-accent-600/15 dark:text-accent-100">
        Reading the task catalogue from lmms-eval… Scanning YAML files takes seconds; the fallback (
        <code className="font-mono">lmms-eval tasks list</code>) imports torch and can take a minute or two.
      </p>
    );
  }
  if (!state.ok && state.message) {
    return (
      <FormMessage message={`The refresh failed: ${state.message}`} tone="error" className="text-xs" />
    );
  }
  if (!state.ok || !state.data) return <p role="status" className="sr-only" />;
  const meta = state.data;
  return (
    <div
      role="status"
      className={
        meta.error
          ? "rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
          : "rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
      }
    >
      <p>
        Catalogue refreshed: <strong data-testid="catalogue-count">{meta.count.toLocaleString("en")}</strong> entries{" "}
        {METHOD_TEXT[meta.method]} · {meta.warningCount} warning{meta.warningCount === 1 ? "" : "s"}
      </p>
      {meta.error ? <p className="mt-1">{meta.error}</p> : null}
      {meta.warnings.length ? (
        <details className="mt-1">
          <summary className="cursor-pointer">Show warnings</summary>
          <WarningList meta={meta} />
        </details>
      ) : null}
    </div>
  );
}

function WarningList({ meta }: { meta: CatalogueMeta }) {
  return (
    <>
      <ul className="mt-1 space-y-0.5 font-mono" data-testid="catalogue-warnings">
        {meta.warnings.map((w, i) => (
          <li key={i} className="break-all">
            {w.file}: {w.message}
          </li>
        ))}
      </ul>
      {meta.warningCount > meta.warnings.length ? <p className="mt-1">…and {meta.warningCount - meta.warnings.length} more.</p> : null}
    </>
  );
}

/** The stored catalogue's warnings, opened from the picker's "N warnings": what lmms-eval will trip over, and why. */
export function CatalogueWarnings({ id, meta }: { id: string; meta: CatalogueMeta }) {
  return (
    <div id={id} role="region" aria-label="Catalogue warnings" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
      <p className="font-medium">Found while reading the task catalogue:</p>
      <WarningList meta={meta} />
    </div>
  );
}
