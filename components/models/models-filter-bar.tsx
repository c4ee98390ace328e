"use client";

import { Search, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { hasModelFilters, modelsQueryString, type ModelListStatus, type ModelsFilter } from "@/lib/models-view/list-filters";

/** Filters live in the URL (shareable, back-button friendly); selects apply at once, the search box on Enter. */
export function ModelsFilterBar({ filter, tags }: { filter: ModelsFilter; tags: string[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(filter.q);
  const go = (next: ModelsFilter) => startTransition(() => router.push(`/models${modelsQueryString(next)}`));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...filter, q: q.trim() });
  };
  const tagChoices = filter.tag && !tags.includes(filter.tag) ? [filter.tag, ...tags] : tags;
  return (
    <form role="search" aria-label="Filter models" onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-busy={pending}>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Search
        <div className="relative">
          <Search size={14} aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
          <Input name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or description" className="w-64 pl-8" autoComplete="off" />
        </div>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Tag
        <Select name="tag" value={filter.tag} onChange={(e) => go({ ...filter, q: q.trim(), tag: e.target.value })} className="w-40 py-0">
          <option value="">Any tag</option>
          {tagChoices.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Status
        <Select name="status" value={filter.status} onChange={(e) => go({ ...filter, q: q.trim(), status: e.target.value as ModelListStatus })} className="w-32 py-0">
          <option value="active">Active</option>
          <option value="archived">Archived</option>
          <option value="all">All</option>
        </Select>
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        Apply
      </Button>
      {hasModelFilters(filter) ? (
        <Link href="/models" className={buttonClasses("ghost")}>
          <X size={13} aria-hidden /> Clear filters
        </Link>
      ) : null}
    </form>
  );
}
