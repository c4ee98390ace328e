import { describe, expect, it } from "vitest";
import { buildLineage, flattenLineage, hasLineage, type LineageVersion } from "@/lib/models-view/lineage";

const v = (id: number, parentVersionId: number | null = null, parentRelation = ""): LineageVersion => ({
  id,
  label: `v${id}`,
  parentVersionId,
  parentRelation,
  createdAt: `2026-01-01T00:00:${String(id).padStart(2, "0")}.000Z`,
});

describe("buildLineage", () => {
  it("nests children under parents, in creation order", () => {
    const tree = buildLineage([v(3, 2, "quantised from"), v(1), v(2, 1, "fine-tune of"), v(4, 1, "distilled from"), v(5)]);
    expect(tree.map((n) => n.version.id)).toEqual([1, 5]);
    expect(tree[0].children.map((n) => n.version.id)).toEqual([2, 4]);
    expect(tree[0].children[0].children.map((n) => [n.version.id, n.depth])).toEqual([[3, 2]]);
    expect(flattenLineage(tree).map((n) => n.version.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("shows a parent from another model as a root with its id", () => {
    const tree = buildLineage([v(7, 99, "fine-tune of"), v(8, 7)]);
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ externalParentId: 99, depth: 0 });
    expect(tree[0].children[0].version.id).toBe(8);
  });

  it("never loops or drops a version, even on a cycle or a self-parent", () => {
    const tree = buildLineage([v(1, 2), v(2, 1), v(3, 3)]);
    const ids = flattenLineage(tree).map((n) => n.version.id).sort();
    expect(ids).toEqual([1, 2, 3]);
  });

  it("hasLineage is false when no version has a parent", () => {
    expect(hasLineage([v(1), v(2)])).toBe(false);
    expect(hasLineage([v(1), v(2, 1)])).toBe(true);
  });
});
