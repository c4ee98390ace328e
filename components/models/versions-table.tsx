"use client";

import { CopyPlus, GitCompareArrows, Lock, Pencil, Play } from "lucide-react";
import Link from "next/link";
import { useActionState, useState } from "react";
import { updateVersionAction } from "@/app/(app)/models/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormMessage, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { initialActionState } from "@/lib/actions/action-state";
import { formatDateTime } from "@/lib/format";
import { buildLineage, flattenLineage } from "@/lib/models-view/lineage";
import { lockedReason } from "@/lib/models-view/version-form";
import type { ModelVersionDto } from "@/lib/services/models/queries";
import { Dialog } from "@/components/ui/dialog";
import { VersionDot, VersionStatusBadge } from "./status-badges";
import { VersionEditForm } from "./version-edit-form";

type Permissions = { canEdit: boolean; canLaunch: boolean; canCreate: boolean; modelActive: boolean };

/** Everything below `id` in the lineage: a version cannot take one of its own descendants as parent. */
function descendantsOf(versions: ModelVersionDto[], id: number): Set<number> {
  const node = flattenLineage(buildLineage(versions)).find((n) => n.version.id === id);
  return new Set(node ? flattenLineage(node.children).map((n) => n.version.id) : []);
}

/**
 * The versions of a model with their actions. Ticking two rows enables "Compare"; a third tick replaces the oldest,
 * so the choice is always the last two.
 */
export function VersionsTable({ modelId, versions, permissions, highlightId }: { modelId: number; versions: ModelVersionDto[]; permissions: Permissions; highlightId: number | null }) {
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<ModelVersionDto | null>(null);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const indexOf = new Map(versions.map((v, i) => [v.id, i]));
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2)));
  const [a, b] = selected.map((id) => byId.get(id)!).sort((x, y) => indexOf.get(x.id)! - indexOf.get(y.id)!);

  return (
    <Card>
      <CardHeader
        title={`Versions (${versions.length})`}
        description="A version is a backend + model args (+ gen kwargs). Its configuration is frozen once a run used it."
        actions={
          versions.length >= 2 ? (
            <div className="flex items-center gap-2">
              <span className="hidden text-xs text-zinc-500 sm:inline" aria-live="polite">
                {selected.length === 2 ? `${a.label} vs ${b.label}` : `Tick two versions to compare (${selected.length}/2)`}
              </span>
              {selected.length === 2 ? (
                <Link href={`/models/compare?a=${a.id}&b=${b.id}`} className={buttonClasses("primary", "sm")}>
                  <GitCompareArrows size={13} aria-hidden /> Compare
                </Link>
              ) : (
                <Button size="sm" variant="secondary" disabled>
                  <GitCompareArrows size={13} aria-hidden /> Compare
                </Button>
              )}
            </div>
          ) : null
        }
      />
      {versions.length === 0 ? (
        <div className="px-6 py-10 text-center text-sm text-zinc-500">
          <p className="font-medium text-zinc-700 dark:text-zinc-300">No versions yet</p>
          <p className="mt-1">
            Add a version with the lmms-eval backend and model args to run.{" "}
            {permissions.canCreate && permissions.modelActive ? (
              <Link href={`/models/${modelId}/versions/new`} className="text-accent-600 hover:underline dark:text-accent-500">
                Create the first version
              </Link>
            ) : null}
          </p>
        </div>
      ) : (
        <Table>
          <thead>
            <tr>
              {versions.length >= 2 ? (
                <Th className="w-8">
                  <span className="sr-only">Compare</span>
                </Th>
              ) : null}
              <Th>Version</Th>
              <Th>Backend</Th>
              <Th>Model args</Th>
              <Th>Parent</Th>
              <Th>Status</Th>
              <Th className="text-right">Runs</Th>
              <Th>Created</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, index) => {
              const parent = v.parentVersionId ? byId.get(v.parentVersionId) : undefined;
              const isSelected = selected.includes(v.id);
              const launchable = v.status !== "archived" && permissions.modelActive;
              return (
                <tr
                  key={v.id}
                  data-testid={`version-row-${v.label}`}
                  data-version-id={v.id}
                  className={cn(isSelected && "bg-accent-50/60 dark:bg-accent-500/10", v.id === highlightId && !isSelected && "bg-emerald-50/70 dark:bg-emerald-950/30")}
                >
                  {versions.length >= 2 ? (
                    <Td className="w-8 pr-0">
                      <input
                        type="checkbox"
                        checked={isSelected}
                        onChange={() => toggle(v.id)}
                        aria-label={`Select ${v.label} for comparison`}
                        className="mt-1 h-4 w-4 rounded border-zinc-300 accent-accent-600"
                      />
                    </Td>
                  ) : null}
                  <Td>
                    <div className="flex items-center gap-2">
                      <VersionDot index={index} />
                      <span className="font-mono text-[13px] font-medium">{v.label}</span>
                      {v.locked ? (
                        <span title={lockedReason(v.runCount)} className="text-zinc-400">
                          <Lock size={12} aria-label="configuration frozen" />
                        </span>
                      ) : null}
                    </div>
                    {v.notes ? <p className="mt-0.5 line-clamp-2 max-w-xs text-xs text-zinc-500">{v.notes}</p> : null}
                    {v.registeredFromRunId ? (
                      <p className="mt-0.5 text-xs text-zinc-500">
                        Registered from{" "}
                        <Link href={`/runs/${v.registeredFromRunId}`} className="font-mono text-accent-600 hover:underline dark:text-accent-500">
                          run #{v.registeredFromRunId}
                        </Link>
                      </p>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-[13px]">{v.backend}</Td>
                  <Td className="max-w-sm">
                    <code className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={v.modelArgs}>
                      {v.modelArgs || "—"}
                    </code>
                    {v.genKwargs ? (
                      <code className="mt-0.5 block truncate font-mono text-[11px] text-zinc-400" title={`gen kwargs: ${v.genKwargs}`}>
                        gen: {v.genKwargs}
                      </code>
                    ) : null}
                  </Td>
                  <Td className="text-xs whitespace-nowrap">
                    {v.parentVersionId ? (
                      <span>
                        <span className="text-zinc-500">{v.parentRelation || "child of"}</span>{" "}
                        <span className="font-mono font-medium">{parent?.label ?? `#${v.parentVersionId}`}</span>
                      </span>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </Td>
                  <Td>
                    {permissions.canEdit ? <StatusSelect version={v} /> : <VersionStatusBadge status={v.status} />}
                  </Td>
                  <Td className="text-right tabular-nums">{v.runCount}</Td>
                  <Td className="text-xs whitespace-nowrap text-zinc-500">
                    {formatDateTime(v.createdAt)}
                    {v.createdBy ? <div className="text-zinc-400">by {v.createdBy.name}</div> : null}
                  </Td>
                  <Td className="text-right">
                    <div className="flex items-center justify-end gap-1">
                      {permissions.canLaunch ? (
                        launchable ? (
                          <Link href={`/runs/new?version=${v.id}`} className={buttonClasses("secondary", "sm")} aria-label={`Launch a run of ${v.label}`}>
                            <Play size={12} aria-hidden /> Launch
                          </Link>
                        ) : (
                          <Button size="sm" variant="secondary" disabled title={v.status === "archived" ? "Archived versions cannot be launched" : "The model is archived"}>
                            <Play size={12} aria-hidden /> Launch
                          </Button>
                        )
                      ) : null}
                      {permissions.canCreate && permissions.modelActive ? (
                        <Link
                          href={`/models/${modelId}/versions/new?from=${v.id}`}
                          className={cn(buttonClasses("ghost", "sm"), "w-7 px-0")}
                          aria-label={`New version from ${v.label}`}
                          title="New version from this one"
                        >
                          <CopyPlus size={14} aria-hidden />
                        </Link>
                      ) : null}
                      {permissions.canEdit ? (
                        <Button size="sm" variant="ghost" className="w-7 px-0" onClick={() => setEditing(v)} aria-label={`Edit ${v.label}`} title="Edit">
                          <Pencil size={14} aria-hidden />
                        </Button>
                      ) : null}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing ? `Edit version ${editing.label}` : "Edit version"}
        description={editing?.locked ? "Configuration frozen: notes, relation wording and status can change." : "Nothing has run on this version yet: every field can change."}
      >
        {editing ? (
          <VersionEditForm
            version={editing}
            modelId={modelId}
            parentChoices={(() => {
              const excluded = descendantsOf(versions, editing.id);
              return versions.filter((v) => v.id !== editing.id && !excluded.has(v.id)).map((v) => ({ id: v.id, label: v.label }));
            })()}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </Card>
  );
}

/** Deprecate / archive / restore in one select that applies at once (like a user's role in Settings → Users). */
function StatusSelect({ version }: { version: ModelVersionDto }) {
  const [state, formAction, pending] = useActionState(updateVersionAction, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-0.5">
      <input type="hidden" name="versionId" value={version.id} />
      <label className="sr-only" htmlFor={`status-${version.id}`}>
        Status of {version.label}
      </label>
      <Select
        id={`status-${version.id}`}
        name="status"
        defaultValue={version.status}
        disabled={pending}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
        className={cn(
          "h-7 w-32 py-0 text-xs",
          version.status === "deprecated" && "border-amber-300 text-amber-800 dark:border-amber-800 dark:text-amber-300",
          version.status === "archived" && "text-zinc-500",
        )}
      >
        <option value="active">active</option>
        <option value="deprecated">deprecated</option>
        <option value="archived">archived</option>
      </Select>
      {!state.ok ? <FormMessage state={state} inline className="max-w-40" /> : null}
    </form>
  );
}
