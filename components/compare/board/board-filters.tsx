import { Filter, X } from "lucide-react";
import Link from "next/link";
import { boardHref, type BoardView } from "@/lib/compare-view/board-url";
import type { BoardFilters as Filters } from "@/lib/services/compare/board";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The version and task filters (what a comparison batch links with) as removable chips: "3 versions × 2 tasks —
 * clear". A chip says when its version or task has nothing on the board, rather than leaving an unexplained gap.
 */
export function BoardFilters({ filters, view, basePath }: { filters: Filters; view: BoardView; basePath: string }) {
  if (filters.versions.length === 0 && filters.tasks.length === 0) return null;
  const summary = [filters.versions.length ? plural(filters.versions.length, "version") : null, filters.tasks.length ? plural(filters.tasks.length, "task") : null].filter(Boolean).join(" × ");
  return (
    <div role="group" aria-label="Filters" data-testid="board-filters" className="flex flex-wrap items-center gap-1.5 border-b border-zinc-200 px-4 py-2 text-xs dark:border-zinc-800">
      <span className="flex items-center gap-1.5 font-medium text-zinc-700 dark:text-zinc-300">
        <Filter size={12} aria-hidden className="text-zinc-400" />
        Only {summary}
      </span>
      {filters.versions.map((v) => {
        const label = v.label ?? `version #${v.id}`;
        return (
          <Chip key={`v${v.id}`} label={label} note={v.label === null ? "no results" : null} href={boardHref(basePath, { ...view, versions: view.versions.filter((id) => id !== v.id) })} />
        );
      })}
      {filters.tasks.map((t) => (
        <Chip key={`t${t.name}`} label={t.name} note={t.columns === 0 ? "no results" : null} href={boardHref(basePath, { ...view, tasks: view.tasks.filter((name) => name !== t.name) })} />
      ))}
      <span className="text-zinc-400" aria-hidden>
        —
      </span>
      <Link href={boardHref(basePath, { ...view, versions: [], tasks: [] })} scroll={false} className="font-medium text-accent-700 hover:underline dark:text-accent-500" data-testid="clear-filters">
        clear
      </Link>
    </div>
  );
}

function Chip({ label, note, href }: { label: string; note: string | null; href: string }) {
  return (
    <span data-testid="filter-chip" className="inline-flex items-center gap-1 rounded-full bg-zinc-100 py-0.5 pl-2 pr-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
      {label}
      {note ? <span className="text-[10px] text-amber-700 dark:text-amber-400">· {note}</span> : null}
      <Link
        href={href}
        scroll={false}
        aria-label={`Remove the filter ${label}`}
        className="flex h-4 w-4 items-center justify-center rounded-full text-zinc-500 hover:bg-zinc-300 hover:text-zinc-900 dark:hover:bg-zinc-700 dark:hover:text-white"
      >
        <X size={10} aria-hidden />
      </Link>
    </span>
  );
}
