"use client";

import { ChevronRight, Eye, Layers, Plus, Search, Tag, X } from "lucide-react";
import Link from "next/link";
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";
import { formatDateTime } from "@/lib/format";
import type { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import type { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";
import { CatalogueRefreshStatus, CatalogueWarnings, RefreshCatalogueButton, useCatalogueRefresh } from "./catalogue-refresh";
import {
  checkStates,
  countSelectedTasks,
  indexCatalogue,
  rootNames,
  searchNames,
  TASK_PATTERN,
  toggleName,
  type CatalogueIndex,
  type CheckState,
} from "./task-selection";
import { TaskYamlDialog } from "./task-yaml-dialog";

const PAGE = 150;
type KindFilter = "all" | "group" | "tag" | "task";
const KIND_FILTERS: Array<{ value: KindFilter; label: string }> = [
  { value: "all", label: "All" },
  { value: "group", label: "Groups" },
  { value: "tag", label: "Tags" },
  { value: "task", label: "Tasks" },
];

/**
 * A catalogue read with `lmms-eval tasks list` (the package folder could not be found) knows which names are groups
 * and tags but not what they hold: ticking one still runs all of it, lmms-eval expands it.
 */
const UNKNOWN_MEMBERS = "Its members are unknown: the catalogue came from `lmms-eval tasks list`, which does not list them. Ticking it runs all of it.";

const matchesKind = (item: CatalogueItem, filter: KindFilter) =>
  filter === "all" || (filter === "task" ? item.kind === "task" || item.kind === "python_task" : item.kind === filter);

export function TaskPicker({
  items,
  meta,
  selected,
  onChange,
  errors,
}: {
  items: CatalogueItem[];
  meta: CatalogueMeta | null;
  selected: string[];
  onChange: (next: string[]) => void;
  errors?: string[];
}) {
  const index = useMemo(() => indexCatalogue(items), [items]);
  const stateOf = useMemo(() => checkStates(index, selected), [index, selected]);
  const counts = useMemo(() => countSelectedTasks(index, selected), [index, selected]);
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<KindFilter>("all");
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState(PAGE);
  const [yamlOf, setYamlOf] = useState<string | null>(null);
  const [showWarnings, setShowWarnings] = useState(false);
  const warningsId = useId();
  const refresh = useCatalogueRefresh();

  const browsing = query.trim() === "" && kind === "all";
  const rows = useMemo(
    () => (browsing ? rootNames(index) : searchNames(items.filter((item) => matchesKind(item, kind)), query).map((item) => item.name)),
    [browsing, index, items, kind, query],
  );
  const kindCounts = useMemo(() => {
    const c: Record<KindFilter, number> = { all: items.length, group: 0, tag: 0, task: 0 };
    for (const item of items) if (item.kind !== "group" && item.kind !== "tag") c.task++; else c[item.kind]++;
    return c;
  }, [items]);

  const typed = query.trim();
  const canAddTyped = typed !== "" && TASK_PATTERN.test(typed) && !index.byName.has(typed) && !selected.includes(typed);
  const toggle = (name: string) => onChange(toggleName(index, selected, name));
  const addTyped = () => {
    if (canAddTyped) onChange([...selected, typed]);
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape" && query) {
      event.preventDefault();
      setQuery("");
      return;
    }
    if (event.key !== "Enter") return;
    // Enter picks the obvious match; it never submits the run.
    event.preventDefault();
    const exact = index.byName.has(typed) ? typed : rows.length === 1 ? rows[0] : null;
    if (exact && stateOf(exact) !== "checked") toggle(exact);
    else if (!exact && rows.length === 0) addTyped();
  };

  const toggleExpanded = (key: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const rowProps = { index, stateOf, selected, expanded, toggle, toggleExpanded, showYaml: setYamlOf };
  const errorId = "tasks-error";

  return (
    <div className="space-y-3" data-field="tasks">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-500">
        <span data-testid="catalogue-meta">
          {meta ? (
            <>
              {meta.count.toLocaleString("en")} entries · refreshed {formatDateTime(meta.refreshedAt)}
              {meta.warningCount ? (
                <>
                  {" · "}
                  <button
                    type="button"
                    aria-expanded={showWarnings}
                    aria-controls={warningsId}
                    onClick={() => setShowWarnings((v) => !v)}
                    className="inline-flex items-center gap-0.5 rounded text-amber-700 underline decoration-dotted underline-offset-2 hover:no-underline dark:text-amber-400"
                  >
                    {meta.warningCount} warning{meta.warningCount === 1 ? "" : "s"}
                    <ChevronRight size={12} aria-hidden className={cn("transition-transform", showWarnings && "rotate-90")} />
                  </button>
                </>
              ) : null}
            </>
          ) : (
            "The catalogue has never been read from lmms-eval."
          )}
        </span>
        <RefreshCatalogueButton pending={refresh.pending} onClick={refresh.refresh} />
      </div>
      {meta?.warningCount && showWarnings ? <CatalogueWarnings id={warningsId} meta={meta} /> : null}
      <CatalogueRefreshStatus state={refresh.state} pending={refresh.pending} />

      <SelectionSummary index={index} selected={selected} counts={counts} onChange={onChange} />

      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 px-6 py-8 text-center dark:border-zinc-700">
          <p className="text-sm font-medium">The task catalogue is empty</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-zinc-500">
            {meta?.error ?? "lmms-eval has not been found yet, or its tasks were never read."} Check the installation under{" "}
            <Link href="/settings/system" className="text-accent-600 underline underline-offset-2 dark:text-accent-500">
              Settings → System
            </Link>
            , then refresh the catalogue. You can still type a task name below; lmms-eval checks it when the run starts.
          </p>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-56 flex-1">
          <label htmlFor="task-search" className="sr-only">
            {items.length ? "Search tasks" : "Task name"}
          </label>
          <Search size={14} aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
          <input
            id="task-search"
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setShown(PAGE);
            }}
            onKeyDown={onSearchKeyDown}
            placeholder={items.length ? "Search tasks, groups, tags or dataset paths…" : "Type a task name or pattern, e.g. mme or mmbench_*"}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={errorId}
            className={cn(inputClasses, "h-9 pl-8")}
          />
        </div>
        {items.length ? (
          <div role="group" aria-label="Show" className="inline-flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700">
            {KIND_FILTERS.map((filter) => (
              <button
                key={filter.value}
                type="button"
                aria-pressed={kind === filter.value}
                onClick={() => {
                  setKind(filter.value);
                  setShown(PAGE);
                }}
                className={cn(
                  "rounded px-2 py-1 font-medium transition-colors",
                  kind === filter.value
                    ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                    : "text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100",
                )}
              >
                {filter.label} <span className="tabular-nums opacity-60">{kindCounts[filter.value]}</span>
              </button>
            ))}
          </div>
        ) : null}
      </div>

      {canAddTyped ? (
        <button
          type="button"
          onClick={addTyped}
          className="flex w-full items-center gap-2 rounded-md border border-dashed border-accent-500/50 px-3 py-2 text-left text-sm hover:bg-accent-50 dark:hover:bg-accent-600/10"
        >
          <Plus size={14} aria-hidden className="text-accent-600" />
          <span>
            Add <code className="font-mono font-semibold">{typed}</code> to <code className="font-mono">--tasks</code>
          </span>
          <span className="ml-auto text-xs text-zinc-500">
            {/[*?[]/.test(typed) ? "wildcard pattern" : "not in the catalogue: an include-path task?"}
          </span>
        </button>
      ) : null}

      {items.length ? (
        <div className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
          <div className="max-h-[28rem] overflow-y-auto">
            {rows.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-zinc-500">
                Nothing matches <span className="font-mono">“{typed}”</span>
                {kind !== "all" ? ` among ${KIND_FILTERS.find((f) => f.value === kind)?.label.toLowerCase()}` : ""}.
              </p>
            ) : (
              <ul aria-label="Task catalogue" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {rows.slice(0, shown).map((name) => (
                  <TaskRow key={name} name={name} depth={0} path={name} ancestors={[]} {...rowProps} />
                ))}
              </ul>
            )}
          </div>
          {rows.length > shown ? (
            <div className="border-t border-zinc-200 px-3 py-2 text-center dark:border-zinc-800">
              <Button variant="ghost" size="sm" onClick={() => setShown((n) => n + PAGE * 4)}>
                Show more ({(rows.length - shown).toLocaleString("en")} not shown)
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}

      <p className="text-xs text-zinc-500">
        A checked group runs under its own name, so lmms-eval also reports the group&apos;s aggregate; a dash means some of
        its members are picked one by one. Unchecking one member of a checked group keeps the rest.
      </p>
      <p id={errorId} aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
        {errors?.join(" ")}
      </p>
      <TaskYamlDialog name={yamlOf} onClose={() => setYamlOf(null)} />
    </div>
  );
}

function SelectionSummary({
  index,
  selected,
  counts,
  onChange,
}: {
  index: CatalogueIndex;
  selected: string[];
  counts: { tasks: number; unknown: number };
  onChange: (next: string[]) => void;
}) {
  return (
    <div className="rounded-md bg-zinc-50 px-3 py-2.5 dark:bg-zinc-950/50">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="task-selection-count" aria-live="polite">
          <strong className="text-zinc-900 dark:text-zinc-100">{selected.length}</strong> selected
          {selected.length ? (
            <>
              {" "}
              · runs <strong className="text-zinc-900 dark:text-zinc-100">{counts.tasks}</strong> task{counts.tasks === 1 ? "" : "s"}
              {counts.unknown ? ` + ${counts.unknown} name${counts.unknown === 1 ? "" : "s"} outside the catalogue` : ""}
            </>
          ) : null}
        </p>
        {selected.length ? (
          <Button variant="ghost" size="sm" onClick={() => onChange([])}>
            Clear all
          </Button>
        ) : null}
      </div>
      {selected.length ? (
        <ul aria-label="Selected tasks" className="mt-2 flex flex-wrap gap-1.5">
          {selected.map((name) => {
            const item = index.byName.get(name);
            const Icon = item?.kind === "group" ? Layers : item?.kind === "tag" ? Tag : null;
            return (
              <li
                key={name}
                className={cn(
                  "inline-flex items-center gap-1 rounded-full border py-0.5 pr-0.5 pl-2.5 font-mono text-xs",
                  item
                    ? "border-accent-500/40 bg-accent-50 text-accent-700 dark:bg-accent-600/15 dark:text-accent-100"
                    : "border-amber-400/60 bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
                )}
              >
                {Icon ? <Icon size={11} aria-hidden /> : null}
                {name}
                {!item ? <span className="font-sans opacity-70">· not in catalogue</span> : null}
                <button
                  type="button"
                  onClick={() => onChange(selected.filter((s) => s !== name))}
                  aria-label={`Remove ${name}`}
                  className="ml-0.5 rounded-full p-0.5 hover:bg-black/10 dark:hover:bg-white/10"
                >
                  <X size={12} aria-hidden />
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-zinc-500">Nothing selected yet. Search below and tick tasks or whole groups.</p>
      )}
    </div>
  );
}

type RowProps = {
  name: string;
  depth: number;
  path: string;
  ancestors: string[];
  index: CatalogueIndex<CatalogueItem>;
  stateOf: (name: string) => CheckState;
  selected: string[];
  expanded: Set<string>;
  toggle: (name: string) => void;
  toggleExpanded: (key: string) => void;
  showYaml: (name: string) => void;
};

function TaskRow(props: RowProps) {
  const { name, depth, path, ancestors, index, stateOf, selected, expanded, toggle, toggleExpanded, showYaml } = props;
  const item = index.byName.get(name);
  const members = index.membersOf(name);
  const hasMembers = members.length > 0;
  const isOpen = expanded.has(path);
  const state = stateOf(name);
  const id = `task-${path.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const via = state === "checked" && !selected.includes(name) ? selected.find((s) => index.descendantsOf(s).has(name)) : undefined;

  return (
    <li>
      <div
        className={cn(
          "flex items-center gap-2 py-1.5 pr-2 text-sm transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
          state === "checked" && "bg-accent-50/60 dark:bg-accent-600/10",
        )}
        style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}
      >
        {hasMembers ? (
          <button
            type="button"
            onClick={() => toggleExpanded(path)}
            aria-expanded={isOpen}
            aria-label={`${isOpen ? "Collapse" : "Expand"} ${name}`}
            className="flex h-5 w-5 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
          >
            <ChevronRight size={14} aria-hidden className={cn("transition-transform", isOpen && "rotate-90")} />
          </button>
        ) : (
          <span className="w-5 shrink-0" aria-hidden />
        )}
        <input
          id={id}
          type="checkbox"
          checked={state === "checked"}
          ref={(el) => {
            if (el) el.indeterminate = state === "indeterminate";
          }}
          onChange={() => toggle(name)}
          className="h-4 w-4 shrink-0 accent-accent-600"
        />
        <label htmlFor={id} className="min-w-0 cursor-pointer truncate font-mono text-[13px]">
          {name}
        </label>
        {item?.kind === "group" || item?.kind === "tag" ? (
          <span className="shrink-0" title={hasMembers ? `${members.length} member${members.length === 1 ? "" : "s"}` : UNKNOWN_MEMBERS}>
            <Badge tone={item.kind === "group" ? "violet" : "blue"} className="whitespace-nowrap">
              {item.kind === "group" ? <Layers size={10} aria-hidden /> : <Tag size={10} aria-hidden />} {item.kind} · {hasMembers ? members.length : "members unknown"}
            </Badge>
          </span>
        ) : item?.kind === "python_task" ? (
          <Badge tone="amber" className="shrink-0">
            python
          </Badge>
        ) : !item ? (
          <Badge className="shrink-0">not in catalogue</Badge>
        ) : null}
        {item?.source === "include" && item.includePath ? (
          <span title={`From the include folder ${item.includePath} (LMMS_EVAL_INCLUDE_PATHS): the run passes it as --include_path`} className="shrink-0">
            <Badge tone="green">{item.includePath.split(/[\\/]/).filter(Boolean).pop()}</Badge>
          </span>
        ) : null}
        {via ? <span className="shrink-0 text-xs text-zinc-500">via {via}</span> : null}
        <span className="ml-auto flex min-w-0 items-center gap-2 pl-2 text-xs text-zinc-500">
          {item?.datasetPath ? (
            <span className="hidden max-w-[14rem] truncate font-mono md:inline" title={`dataset_path: ${item.datasetPath}`}>
              {item.datasetPath}
            </span>
          ) : null}
          {item?.outputType ? (
            <span className="hidden shrink-0 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600 sm:inline dark:bg-zinc-800 dark:text-zinc-400">
              {item.outputType}
            </span>
          ) : null}
        </span>
        {item && item.kind !== "tag" ? (
          <button
            type="button"
            onClick={() => showYaml(name)}
            aria-label={`Show YAML of ${name}`}
            title="Show YAML"
            className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
          >
            <Eye size={14} aria-hidden />
          </button>
        ) : (
          <span className="w-6 shrink-0" aria-hidden />
        )}
      </div>
      {hasMembers && isOpen ? (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {members
            .filter((member) => member !== name && !ancestors.includes(member))
            .map((member) => (
              <TaskRow key={member} {...props} name={member} depth={depth + 1} path={`${path}/${member}`} ancestors={[...ancestors, name]} />
            ))}
        </ul>
      ) : null}
    </li>
  );
}
