import type { MetricDto, TaskDto } from "@/lib/services/results/get-run-results";
import { ciFromStderr } from "@/lib/stats/from-stderr";
import { formatMetricValue } from "./format";
import { formatHalfWidth } from "@/lib/number-format";
import { checkStderrScale } from "./scale";

export const CI_LEVEL = 0.95;

export type StderrKind = NonNullable<MetricDto["ciStderrKind"]>;

export type MetricCi = { lower: number; upper: number; halfWidth: number; level: number; kind: StderrKind; stderr: number };

/** One line of the metrics table: a metric of a task, or the heading of a group that reports no metric itself. */
export type MetricTableRow =
  | {
      kind: "group";
      id: string;
      task: string;
      label: string;
      depth: number;
      subtaskCount: number;
      version: string | null;
    }
  | {
      kind: "metric";
      id: string;
      task: string;
      label: string;
      depth: number;
      isGroup: boolean;
      /** The lmms-eval group the task belongs to (its parent), if any. */
      group: string | null;
      /** First metric row of its task: the task name is printed only there. */
      firstOfTask: boolean;
      metric: string;
      /** null for lmms-eval's default `none` filter (hidden, as lmms-eval's own table does). */
      filter: string | null;
      value: number | null;
      valueText: string;
      /** The stderr lmms-eval reported (bootstrap, else CLT, else clustered), even when no CI is built from it. */
      stderr: number | null;
      stderrKind: StderrKind | null;
      ci: MetricCi | null;
      ciText: string | null;
      /** Why no CI is shown (no stderr, or a stderr on another scale than the value). */
      ciNote: string | null;
      n: number | null;
      higherIsBetter: boolean | null;
      version: string | null;
      nShot: number | null;
      extras: Array<{ label: string; text: string }>;
    };

export type MetricRowsInput = { tasks: TaskDto[]; metrics: MetricDto[] };

const STDERR_LABEL: Record<StderrKind, string> = {
  bootstrap: "bootstrap stderr",
  clt: "CLT stderr (std of per-sample scores / √n)",
  clustered: "clustered stderr",
};

export function stderrKindLabel(kind: StderrKind): string {
  return STDERR_LABEL[kind];
}

const EXTRA_LABELS: Record<string, string> = {
  expected_accuracy: "expected acc.",
  consensus_accuracy: "consensus acc.",
  internal_variance: "internal var.",
  consistency_rate: "consistency",
  paired_baseline: "baseline",
  paired_baseline_score: "baseline score",
  paired_pvalue: "paired p",
};

function formatExtras(extras: Record<string, unknown> | null): Array<{ label: string; text: string }> {
  if (!extras) return [];
  const out: Array<{ label: string; text: string }> = [];
  const lower = extras.paired_ci_lower;
  const upper = extras.paired_ci_upper;
  for (const [key, raw] of Object.entries(extras)) {
    if (key === "paired_ci_lower" || key === "paired_ci_upper") continue;
    const label = EXTRA_LABELS[key] ?? key.replaceAll("_", " ");
    const text = typeof raw === "number" ? formatMetricValue(raw) : typeof raw === "string" ? raw : JSON.stringify(raw);
    out.push({ label, text });
  }
  if (lower !== undefined || upper !== undefined) {
    const show = (v: unknown) => (typeof v === "number" ? formatMetricValue(v) : String(v ?? "?"));
    out.push({ label: "paired Δ CI", text: `[${show(lower)}, ${show(upper)}]` });
  }
  return out;
}

function metricRow(m: MetricDto, task: TaskDto | undefined, depth: number, firstOfTask: boolean): MetricTableRow {
  let ci: MetricCi | null = null;
  let ciNote: string | null = null;
  const check = checkStderrScale({ value: m.value, stderr: m.ciStderr, n: m.n });
  if (check.status === "ok" && m.value !== null && m.ciStderr !== null && m.ciStderrKind !== null) {
    const interval = ciFromStderr(m.value, m.ciStderr, CI_LEVEL);
    ci = { lower: interval.lower, upper: interval.upper, halfWidth: interval.halfWidth, level: CI_LEVEL, kind: m.ciStderrKind, stderr: m.ciStderr };
  } else if (check.status !== "ok") {
    ciNote = m.value === null ? null : check.reason;
  }
  return {
    kind: "metric",
    id: `${m.task}\u0000${m.metric}\u0000${m.filter}`,
    task: m.task,
    label: task?.alias || m.task,
    depth,
    isGroup: m.isGroup,
    group: task?.parent ?? m.group ?? null,
    firstOfTask,
    metric: m.metric,
    filter: m.filter === "none" ? null : m.filter,
    value: m.value,
    valueText: formatMetricValue(m.value, m.valueRaw),
    stderr: m.ciStderr,
    stderrKind: m.ciStderrKind,
    ci,
    ciText: ci && m.value !== null ? formatHalfWidth(m.value, ci.halfWidth) : null,
    ciNote,
    n: m.n,
    higherIsBetter: m.higherIsBetter,
    version: m.taskVersion ?? task?.version ?? null,
    nShot: m.nShot ?? task?.nShot ?? null,
    extras: formatExtras(m.extras),
  };
}

/**
 * The metrics table in reading order: each lmms-eval group followed by its subtasks (indented, depth-first), then
 * standalone tasks, alphabetical at every level like lmms-eval's own table. A group without `aggregate_metric_list`
 * has no metrics, so it appears as a heading row.
 */
export function buildMetricRows({ tasks, metrics }: MetricRowsInput): MetricTableRow[] {
  const taskByName = new Map(tasks.map((t) => [t.task, t]));
  const metricsByTask = new Map<string, MetricDto[]>();
  for (const m of metrics) {
    const list = metricsByTask.get(m.task) ?? [];
    list.push(m);
    metricsByTask.set(m.task, list);
  }
  const children = new Map<string, string[]>();
  const names = new Set<string>([...taskByName.keys(), ...metricsByTask.keys()]);
  const parentOf = (name: string): string | null => {
    const parent = taskByName.get(name)?.parent ?? metricsByTask.get(name)?.[0]?.group ?? null;
    return parent && parent !== name && names.has(parent) ? parent : null;
  };
  const roots: string[] = [];
  for (const name of names) {
    const parent = parentOf(name);
    if (parent === null) roots.push(name);
    else children.set(parent, [...(children.get(parent) ?? []), name]);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
  const rows: MetricTableRow[] = [];
  const visited = new Set<string>();
  const visit = (name: string, depth: number) => {
    if (visited.has(name)) return;
    visited.add(name);
    const task = taskByName.get(name);
    const own = metricsByTask.get(name) ?? [];
    const kids = (children.get(name) ?? []).sort(byName);
    if (own.length === 0 && (kids.length > 0 || task?.isGroup)) {
      rows.push({ kind: "group", id: `${name}\u0000group`, task: name, label: task?.alias || name, depth, subtaskCount: kids.length, version: task?.version ?? null });
    }
    own.forEach((m, i) => rows.push(metricRow(m, task, depth, i === 0)));
    for (const kid of kids) visit(kid, depth + 1);
  };
  for (const root of roots.sort(byName)) visit(root, 0);
  // A cycle in group_subtasks leaves names unvisited; show them flat rather than lose them.
  for (const name of [...names].sort(byName)) visit(name, 0);
  return rows;
}
