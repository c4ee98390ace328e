"use client";

import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { isTyping } from "@/components/ui/keyboard";
import { Table, Td, Th } from "@/components/ui/table";
import { AUDIT_KIND_TONE, auditEntryKind } from "@/lib/audit-view/actions";
import { formatDateTime } from "@/lib/format";
import type { AuditEntryDto } from "@/lib/services/audit/list-audit-log";

function summary(detail: AuditEntryDto["detail"]): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}

const objectOf = (entry: AuditEntryDto) => (entry.targetType ? `${entry.targetType}${entry.targetId ? `:${entry.targetId}` : ""}` : "—");

/**
 * One page of entries, keyboard-first: j/k (or ↑/↓ inside the table) move between rows, Enter opens an entry's full
 * detail and hashes, n and p go to the older and newer page. Pages come from the server (keyset by id).
 */
export function AuditTable({ items, olderHref, newerHref }: { items: AuditEntryDto[]; olderHref: string | null; newerHref: string | null }) {
  const router = useRouter();
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const rows = useRef<Array<HTMLTableRowElement | null>>([]);
  const tableRef = useRef<HTMLDivElement>(null);

  const toggle = useCallback((id: number) => {
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const move = useCallback(
    (delta: number) => {
      const index = Math.min(items.length - 1, Math.max(0, selected + delta));
      setSelected(index);
      rows.current[index]?.focus();
    },
    [items.length, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const inTable = tableRef.current?.contains(e.target as Node) ?? false;
      // From outside the table, j/k first bring the focus to the selected row.
      if (e.key === "j" || (inTable && e.key === "ArrowDown")) {
        e.preventDefault();
        move(inTable ? 1 : 0);
      } else if (e.key === "k" || (inTable && e.key === "ArrowUp")) {
        e.preventDefault();
        move(inTable ? -1 : 0);
      } else if (e.key === "Enter" && inTable && e.target instanceof HTMLTableRowElement && items[selected]) {
        e.preventDefault();
        toggle(items[selected].id);
      } else if (e.key === "n" && olderHref) {
        router.push(olderHref);
      } else if (e.key === "p" && newerHref) {
        router.push(newerHref);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, move, newerHref, olderHref, router, selected, toggle]);

  return (
    <>
      <div ref={tableRef}>
        <Table>
          <thead>
            <tr>
              <Th className="w-8">
                <span className="sr-only">Details</span>
              </Th>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>Action</Th>
              <Th className="hidden sm:table-cell">Object</Th>
              <Th className="hidden sm:table-cell">From</Th>
              <Th className="hidden lg:table-cell">Detail</Th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry, index) => {
              const kind = auditEntryKind(entry.action);
              const expanded = open.has(entry.id);
              return (
                <Fragment key={entry.id}>
                  <tr
                    ref={(el) => {
                      rows.current[index] = el;
                    }}
                    tabIndex={index === selected ? 0 : -1}
                    data-testid={`audit-row-${entry.id}`}
                    onFocus={() => setSelected(index)}
                    className={cn("outline-none focus-visible:bg-accent-50 dark:focus-visible:bg-accent-600/20", index === selected && "bg-zinc-50 dark:bg-zinc-800/40")}
                  >
                    <Td>
                      <button
                        type="button"
                        tabIndex={-1}
                        aria-expanded={expanded}
                        aria-controls={`audit-detail-${entry.id}`}
                        aria-label={`${expanded ? "Hide" : "Show"} details of entry #${entry.id}`}
                        onClick={() => {
                          setSelected(index);
                          toggle(entry.id);
                        }}
                        className="rounded p-0.5 text-zinc-500 hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
                      >
                        <ChevronRight size={14} className={cn("transition-transform", expanded && "rotate-90")} aria-hidden />
                      </button>
                    </Td>
                    <Td className="tabular-nums sm:whitespace-nowrap">{formatDateTime(entry.at)}</Td>
                    <Td className="max-w-56 break-all sm:break-normal">{entry.actorLabel}</Td>
                    <Td>
                      <span className="break-all font-mono text-xs sm:break-normal">{entry.action}</span>
                      {kind !== "change" ? (
                        <Badge tone={AUDIT_KIND_TONE[kind]} className="ml-1.5">
                          {kind}
                        </Badge>
                      ) : null}
                    </Td>
                    <Td className="hidden font-mono text-xs sm:table-cell">{objectOf(entry)}</Td>
                    <Td className="hidden font-mono text-xs sm:table-cell">{entry.ip ?? "—"}</Td>
                    <Td className="hidden max-w-xs truncate font-mono text-xs text-zinc-600 lg:table-cell dark:text-zinc-400">{summary(entry.detail)}</Td>
                  </tr>
                  {expanded ? (
                    <tr id={`audit-detail-${entry.id}`}>
                      <Td colSpan={7} className="bg-zinc-50 dark:bg-zinc-950/40">
                        <dl className="grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[8rem_1fr]">
                          <dt className="text-zinc-500">Entry</dt>
                          <dd className="font-mono">#{entry.id}</dd>
                          <dt className="text-zinc-500 sm:hidden">Object</dt>
                          <dd className="font-mono sm:hidden">{objectOf(entry)}</dd>
                          <dt className="text-zinc-500 sm:hidden">From</dt>
                          <dd className="font-mono sm:hidden">{entry.ip ?? "—"}</dd>
                          <dt className="text-zinc-500">Detail</dt>
                          <dd>
                            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all font-mono">{entry.detail ? JSON.stringify(entry.detail, null, 2) : "—"}</pre>
                          </dd>
                          <dt className="text-zinc-500">Hash</dt>
                          <dd className="break-all font-mono">{entry.hash ?? "—"}</dd>
                          <dt className="text-zinc-500">Previous hash</dt>
                          <dd className="break-all font-mono">{entry.prevHash ?? "— (first entry)"}</dd>
                        </dl>
                      </Td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </Table>
      </div>
      <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
        <span>
          <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> move · <kbd className="font-mono">Enter</kbd> details · <kbd className="font-mono">p</kbd>/
          <kbd className="font-mono">n</kbd> newer/older page
        </span>
        <span className="flex gap-2">
          {newerHref ? (
            <Link href={newerHref} className={buttonClasses("secondary", "sm")} aria-keyshortcuts="p">
              ← Newer
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} className={buttonClasses("secondary", "sm")} aria-keyshortcuts="n">
              Older →
            </Link>
          ) : null}
        </span>
      </nav>
    </>
  );
}
