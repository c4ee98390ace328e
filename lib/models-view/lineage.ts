/**
 * The parent → child tree of a model's versions ("sft fine-tune of base", "q4 quantised from sft"). The service
 * refuses cycles, but this view must never loop or drop a version whatever the data says, so every version is placed
 * exactly once: under its parent when the parent is in the list, otherwise as a root.
 */
export type LineageVersion = {
  id: number;
  label: string;
  parentVersionId: number | null;
  parentRelation: string;
  createdAt: string;
};

export type LineageNode<V extends LineageVersion = LineageVersion> = {
  version: V;
  depth: number;
  /** The parent is another model's version (or was deleted): shown as "from #id". */
  externalParentId: number | null;
  children: LineageNode<V>[];
};

const byCreation = (a: LineageVersion, b: LineageVersion) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id;

export function buildLineage<V extends LineageVersion>(versions: readonly V[]): LineageNode<V>[] {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const childrenOf = new Map<number, V[]>();
  const roots: V[] = [];
  for (const v of [...versions].sort(byCreation)) {
    if (v.parentVersionId !== null && v.parentVersionId !== v.id && byId.has(v.parentVersionId)) {
      (childrenOf.get(v.parentVersionId) ?? childrenOf.set(v.parentVersionId, []).get(v.parentVersionId)!).push(v);
    } else {
      roots.push(v);
    }
  }
  const placed = new Set<number>();
  const grow = (v: V, depth: number): LineageNode<V> => {
    placed.add(v.id);
    const external = v.parentVersionId !== null && !byId.has(v.parentVersionId) ? v.parentVersionId : null;
    const children = (childrenOf.get(v.id) ?? []).filter((c) => !placed.has(c.id)).map((c) => grow(c, depth + 1));
    return { version: v, depth, externalParentId: external, children };
  };
  const tree = roots.map((r) => grow(r, 0));
  // Versions only reachable through a cycle (corrupt data): shown as roots rather than silently hidden.
  for (const v of [...versions].sort(byCreation)) if (!placed.has(v.id)) tree.push(grow(v, 0));
  return tree;
}

/** Depth-first, parents before children: the order the tree is listed in. */
export function flattenLineage<V extends LineageVersion>(tree: readonly LineageNode<V>[]): LineageNode<V>[] {
  return tree.flatMap((node) => [node, ...flattenLineage(node.children)]);
}

/** True when some version has a parent: otherwise the lineage view has nothing to show beyond the versions table. */
export function hasLineage(versions: readonly LineageVersion[]): boolean {
  return versions.some((v) => v.parentVersionId !== null);
}

/** The relations suggested in the form; free text is allowed. */
export const PARENT_RELATIONS = ["fine-tune of", "quantised from", "distilled from", "merged from", "continued pre-training of", "re-packaged from"];
