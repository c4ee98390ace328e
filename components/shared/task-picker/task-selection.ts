/**
 * The task picker's selection model. Pure: unit-tested in tests/unit/new-run/task-selection.test.ts.
 *
 * The selection is the ordered list of names that go to `--tasks`. lmms-eval runs a group by its own name (and then
 * reports the group's aggregate), and expands a tag to its tasks, so picking a group keeps the group's name — never
 * its members one by one. The check boxes show exactly what will run:
 *
 * - checked: the name is selected, or one of its groups/tags is (it runs as part of that group);
 * - indeterminate: not covered itself, but some of its members are (picked one by one, without the group's aggregate);
 * - unchecked: nothing of it runs.
 *
 * Picking every member of a group one by one does *not* turn into the group: that would add a group row to the
 * results and, with tags (which often hold one task), would rename what the user picked. Unchecking one member of a
 * checked group replaces the group with its remaining members, so the rest still runs.
 */

export type SelectableItem = {
  name: string;
  kind: "task" | "group" | "tag" | "python_task";
  members: string[];
  parents: string[];
};

export type CheckState = "checked" | "indeterminate" | "unchecked";

export type CatalogueIndex<T extends SelectableItem = SelectableItem> = {
  byName: ReadonlyMap<string, T>;
  membersOf: (name: string) => readonly string[];
  parentsOf: (name: string) => readonly string[];
  /** Every name reachable through members, without the name itself (cycle-safe, cached). */
  descendantsOf: (name: string) => ReadonlySet<string>;
};

const NONE: readonly string[] = [];

export function indexCatalogue<T extends SelectableItem>(items: readonly T[]): CatalogueIndex<T> {
  const byName = new Map(items.map((item) => [item.name, item]));
  const parents = new Map<string, Set<string>>();
  const addParent = (child: string, parent: string) => {
    if (child === parent) return;
    let set = parents.get(child);
    if (!set) parents.set(child, (set = new Set()));
    set.add(parent);
  };
  // Membership is known from either side: a group's `members`, or a member's `parents` (a group whose own list is
  // missing or names a pattern). Both are merged, so a group's count and its tick cover every member either way.
  const children = new Map<string, string[]>();
  const addMember = (parent: string, child: string) => {
    if (child === parent) return;
    const list = children.get(parent) ?? [];
    if (!list.includes(child)) list.push(child);
    children.set(parent, list);
    addParent(child, parent);
  };
  for (const item of items) {
    for (const member of item.members) addMember(item.name, member);
    for (const parent of item.parents) if (byName.has(parent)) addMember(parent, item.name);
  }
  const parentLists = new Map([...parents].map(([child, set]) => [child, [...set]]));
  const descendantCache = new Map<string, ReadonlySet<string>>();
  const membersOf = (name: string): readonly string[] => children.get(name) ?? NONE;
  const descendantsOf = (name: string): ReadonlySet<string> => {
    const cached = descendantCache.get(name);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...membersOf(name)];
    while (stack.length) {
      const next = stack.pop()!;
      if (next === name || seen.has(next)) continue;
      seen.add(next);
      stack.push(...membersOf(next));
    }
    descendantCache.set(name, seen);
    return seen;
  };
  return { byName, membersOf, parentsOf: (name) => parentLists.get(name) ?? NONE, descendantsOf };
}

/** The selected names plus everything they run through membership. */
export function coveredNames(index: CatalogueIndex, selected: readonly string[]): Set<string> {
  const covered = new Set<string>();
  for (const name of selected) {
    covered.add(name);
    for (const descendant of index.descendantsOf(name)) covered.add(descendant);
  }
  return covered;
}

/** A state lookup for rendering: computed once per selection, then O(members) per row. */
export function checkStates(index: CatalogueIndex, selected: readonly string[]): (name: string) => CheckState {
  const covered = coveredNames(index, selected);
  const memo = new Map<string, CheckState>();
  return (name) => {
    const cached = memo.get(name);
    if (cached) return cached;
    let state: CheckState = "unchecked";
    if (covered.has(name)) state = "checked";
    else for (const descendant of index.descendantsOf(name)) if (covered.has(descendant)) { state = "indeterminate"; break; }
    memo.set(name, state);
    return state;
  };
}

/**
 * Drops repeats and names already run by another selected name, keeping the first position of what stays. A group
 * picked after some of its members replaces them in place of the first one.
 */
export function normalizeSelection(index: CatalogueIndex, selected: readonly string[]): string[] {
  const result: string[] = [];
  for (const name of selected) {
    if (coveredNames(index, result).has(name)) continue;
    const descendants = index.descendantsOf(name);
    const firstCovered = result.findIndex((kept) => descendants.has(kept));
    const kept = result.filter((existing) => !descendants.has(existing));
    if (firstCovered >= 0) kept.splice(Math.min(firstCovered, kept.length), 0, name);
    else kept.push(name);
    result.splice(0, result.length, ...kept);
  }
  return result;
}

export function selectName(index: CatalogueIndex, selected: readonly string[], name: string): string[] {
  return normalizeSelection(index, [...selected, name]);
}

/**
 * Removes a name from what runs. If it only ran through a selected group or tag, that ancestor is replaced by its
 * other members (level by level for nested groups), so everything else that was running still runs.
 */
export function deselectName(index: CatalogueIndex, selected: readonly string[], name: string): string[] {
  const ownDescendants = index.descendantsOf(name);
  let next = selected.filter((s) => s !== name && !ownDescendants.has(s));
  // Each pass expands one ancestor, never the same one twice (malformed, cyclic membership would loop otherwise).
  const expanded = new Set<string>();
  for (;;) {
    const ancestorAt = next.findIndex((s) => index.descendantsOf(s).has(name));
    if (ancestorAt < 0) break;
    const ancestor = next[ancestorAt];
    expanded.add(ancestor);
    const siblings = index.membersOf(ancestor).filter((member) => member !== name && !expanded.has(member));
    next = [...next.slice(0, ancestorAt), ...siblings, ...next.slice(ancestorAt + 1)];
  }
  return normalizeSelection(index, next);
}

export function toggleName(index: CatalogueIndex, selected: readonly string[], name: string): string[] {
  return checkStates(index, selected)(name) === "checked"
    ? deselectName(index, selected, name)
    : selectName(index, selected, name);
}

/**
 * How many individual tasks the selection runs: covered names that are not groups/tags with members. Names outside the
 * catalogue (patterns, include-path tasks) count once each and are reported separately.
 */
export function countSelectedTasks(index: CatalogueIndex, selected: readonly string[]): { tasks: number; unknown: number } {
  let tasks = 0;
  let unknown = 0;
  for (const name of coveredNames(index, selected)) {
    const item = index.byName.get(name);
    if (!item) {
      if (selected.includes(name)) unknown++;
      else tasks++; // a member a group lists but the scan did not find: lmms-eval still tries to run it
    } else if (!((item.kind === "group" || item.kind === "tag") && index.membersOf(name).length > 0)) tasks++;
  }
  return { tasks, unknown };
}

/** Top-level rows for browsing: names no catalogued group or tag contains, groups and tags first. */
export function rootNames(index: CatalogueIndex): string[] {
  const roots = [...index.byName.values()].filter((item) => index.parentsOf(item.name).length === 0);
  const rank = (item: SelectableItem) => (item.kind === "group" ? 0 : item.kind === "tag" ? 1 : 2);
  return roots.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).map((item) => item.name);
}

/** Search: a case-insensitive substring of the name or the dataset path, names that start with the query first. */
export function searchNames<T extends { name: string; datasetPath?: string | null }>(items: readonly T[], query: string): T[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...items];
  const hits = items.filter((item) => item.name.toLowerCase().includes(needle) || item.datasetPath?.toLowerCase().includes(needle));
  const score = (item: T) => {
    const name = item.name.toLowerCase();
    return name === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : 3;
  };
  return hits.sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name));
}

/** Characters lmms-eval's `--tasks` accepts (names and fnmatch globs), as run-params.ts checks them on the server. */
export const TASK_PATTERN = /^[A-Za-z0-9_.\-*?[\]]+$/;
