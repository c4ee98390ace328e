"use client";

import { Search, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { hasFilters, runsQueryString, STATUS_CHOICES, type RunsFilter } from "@/lib/runs-view/filters";
import type { RunStatus } from "@/db/schema";

export type TeamMember = { id: number; name: string };

/**
 * Filters live in the URL (shareable, back-button friendly); the server renders the filtered page. Selects apply at
 * once, text fields on Enter or "Apply". Changing a filter always returns to the newest page.
 */
export function RunsFilterBar({ filter, members, selfId }: { filter: RunsFilter; members: TeamMember[]; selfId: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [model, setModel] = useState(filter.model);
  const [task, setTask] = useState(filter.task);

  const go = (next: RunsFilter) => startTransition(() => router.push(`/runs${runsQueryString(next)}`));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...filter, model: model.trim(), task: task.trim() });
  };

  return (
    <form role="search" aria-label="Filter runs" onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-busy={pending}>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Status
        <Select
          name="status"
          value={filter.status.join(",")}
          onChange={(e) => go({ ...filter, model: model.trim(), task: task.trim(), status: e.target.value ? (e.target.value.split(",") as RunStatus[]) : [] })}
          className="w-36 py-0"
        >
          {STATUS_CHOICES.some((c) => c.value === filter.status.join(",")) ? null : <option value={filter.status.join(",")}>{filter.status.join(", ")}</option>}
          {STATUS_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Model
        <Input name="model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="e.g. qwen2_vl" className="w-44" autoComplete="off" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Task
        <Input name="task" value={task} onChange={(e) => setTask(e.target.value)} placeholder="e.g. mme" className="w-40 font-mono" autoComplete="off" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Launched by
        <Select
          name="user"
          value={filter.user ?? ""}
          onChange={(e) => go({ ...filter, model: model.trim(), task: task.trim(), user: e.target.value ? Number(e.target.value) : null })}
          className="w-44 py-0"
        >
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id === selfId ? `${m.name} (you)` : m.name}
            </option>
          ))}
        </Select>
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        <Search size={13} aria-hidden /> Apply
      </Button>
      {hasFilters(filter) ? (
        <Link href="/runs" className={buttonClasses("ghost")}>
          <X size={13} aria-hidden /> Clear filters
        </Link>
      ) : null}
    </form>
  );
}
