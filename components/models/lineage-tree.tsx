import { GitBranch } from "lucide-react";
import { Card, CardHeader } from "@/components/ui/card";
import { buildLineage, hasLineage, type LineageNode } from "@/lib/models-view/lineage";
import type { ModelVersionDto } from "@/lib/services/models/queries";
import { VersionDot, VersionStatusBadge } from "./status-badges";

/** Parent → child tree of the versions (nested lists, so screen readers announce the levels). */
export function LineageTree({ versions }: { versions: ModelVersionDto[] }) {
  const tree = buildLineage(versions);
  const indexOf = new Map(versions.map((v, i) => [v.id, i]));
  return (
    <Card>
      <CardHeader title="Lineage" description="Which version was derived from which." />
      <div className="px-4 py-3">
        {versions.length === 0 ? (
          <p className="text-sm text-zinc-500">No versions yet.</p>
        ) : (
          <>
            <ul className="space-y-1" aria-label="Version lineage">
              {tree.map((node) => (
                <LineageItem key={node.version.id} node={node} indexOf={indexOf} />
              ))}
            </ul>
            {!hasLineage(versions) ? (
              <p className="mt-3 text-xs text-zinc-500">
                No version names a parent yet. When you derive one (a fine-tune, a quantisation), pick its parent in the version form.
              </p>
            ) : null}
          </>
        )}
      </div>
    </Card>
  );
}

function LineageItem({ node, indexOf, parentLabel }: { node: LineageNode<ModelVersionDto>; indexOf: Map<number, number>; parentLabel?: string }) {
  const v = node.version;
  return (
    <li>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5 py-0.5 text-sm">
        {node.depth > 0 ? <GitBranch size={13} aria-hidden className="shrink-0 rotate-180 text-zinc-400" /> : null}
        <VersionDot index={indexOf.get(v.id) ?? 0} />
        <span className="font-mono text-[13px] font-medium">{v.label}</span>
        {node.depth > 0 ? (
          <span className="text-xs text-zinc-500">
            {v.parentRelation || "derived from"} <span className="font-mono">{parentLabel}</span>
          </span>
        ) : null}
        {node.externalParentId !== null ? <span className="text-xs text-zinc-500">{v.parentRelation || "derived from"} version #{node.externalParentId} (another model)</span> : null}
        {v.status !== "active" ? <VersionStatusBadge status={v.status} /> : null}
      </div>
      {node.children.length ? (
        <ul className="ml-[5px] space-y-1 border-l border-zinc-200 pl-4 dark:border-zinc-700">
          {node.children.map((child) => (
            <LineageItem key={child.version.id} node={child} indexOf={indexOf} parentLabel={v.label} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
