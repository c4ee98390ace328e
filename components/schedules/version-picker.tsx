"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";

export type VersionOption = { id: number; label: string; modelId: number; modelName: string; backend: string; status: string };

/**
 * Multi-select of model versions, grouped by model, with a filter. Archived versions cannot be launched, so they are
 * listed only when already selected (an old schedule); deprecated ones are marked.
 */
export function VersionPicker({
  id,
  versions,
  selected,
  onChange,
  errors,
}: {
  id: string;
  versions: VersionOption[];
  selected: number[];
  onChange: (next: number[]) => void;
  errors?: string[];
}) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const visible = versions.filter(
      (v) => (v.status !== "archived" || selected.includes(v.id)) && (!q || `${v.modelName} ${v.label} ${v.backend}`.toLowerCase().includes(q)),
    );
    const byModel = new Map<number, { name: string; versions: VersionOption[] }>();
    for (const v of visible) {
      const group = byModel.get(v.modelId) ?? { name: v.modelName, versions: [] };
      group.versions.push(v);
      byModel.set(v.modelId, group);
    }
    return [...byModel.values()];
  }, [versions, query, selected]);
  const known = new Map(versions.map((v) => [v.id, v]));
  const toggle = (versionId: number) => onChange(selected.includes(versionId) ? selected.filter((s) => s !== versionId) : [...selected, versionId]);
  const errorId = `${id}-error`;

  return (
    <div className="space-y-2" data-field={id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid={`${id}-count`}>
          <strong className="text-zinc-900 dark:text-zinc-100">{selected.length}</strong> selected
          {selected.length ? `: ${selected.map((s) => (known.get(s) ? `${known.get(s)!.modelName} · ${known.get(s)!.label}` : `version ${s}`)).join(", ")}` : ""}
        </p>
        {selected.length ? (
          <Button variant="ghost" size="sm" onClick={() => onChange([])}>
            Clear
          </Button>
        ) : null}
      </div>
      {versions.length === 0 ? (
        <div className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No model versions are registered yet. Register a model and its versions under{" "}
          <Link href="/models" className="text-accent-600 underline underline-offset-2 dark:text-accent-500">
            Models
          </Link>{" "}
          first.
        </div>
      ) : (
        <>
          <div className="relative">
            <label htmlFor={`${id}-search`} className="sr-only">
              Filter versions
            </label>
            <Search size={14} aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
            <input
              id={`${id}-search`}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") e.preventDefault();
              }}
              placeholder="Filter by model, version or backend…"
              autoComplete="off"
              className={cn(inputClasses, "h-9 pl-8")}
            />
          </div>
          <div className="max-h-72 overflow-y-auto rounded-md border border-zinc-200 dark:border-zinc-800" role="group" aria-label="Model versions" aria-describedby={errorId}>
            {groups.length === 0 ? (
              <p className="px-4 py-5 text-center text-sm text-zinc-500">Nothing matches “{query}”.</p>
            ) : (
              groups.map((group) => (
                <fieldset key={group.name} className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70">
                  <legend className="sr-only">{group.name}</legend>
                  <div aria-hidden className="bg-zinc-50 px-3 py-1 text-xs font-semibold text-zinc-600 dark:bg-zinc-950/50 dark:text-zinc-400">
                    {group.name}
                  </div>
                  <ul>
                    {group.versions.map((v) => {
                      const checked = selected.includes(v.id);
                      const inputId = `${id}-v${v.id}`;
                      return (
                        <li key={v.id} className={cn("flex items-center gap-2 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/40", checked && "bg-accent-50/60 dark:bg-accent-600/10")}>
                          <input id={inputId} type="checkbox" checked={checked} onChange={() => toggle(v.id)} className="h-4 w-4 shrink-0 accent-accent-600" />
                          <label htmlFor={inputId} className="min-w-0 flex-1 cursor-pointer truncate">
                            <span className="sr-only">{v.modelName} · </span>
                            {v.label}
                          </label>
                          {v.status !== "active" ? <Badge tone={v.status === "archived" ? "red" : "amber"}>{v.status}</Badge> : null}
                          <span className="shrink-0 font-mono text-xs text-zinc-500">{v.backend}</span>
                        </li>
                      );
                    })}
                  </ul>
                </fieldset>
              ))
            )}
          </div>
        </>
      )}
      <p id={errorId} aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
