import type { MetricDto, TaskDto } from "@/lib/services/results/get-run-results";

export function task(over: Partial<TaskDto> & { task: string }): TaskDto {
  return {
    alias: over.task,
    isGroup: false,
    parent: null,
    subtasks: [],
    version: "Yaml",
    nShot: 0,
    nOriginal: 10,
    nEffective: 10,
    sampleCount: 10,
    correctCount: 6,
    incorrectCount: 4,
    requestFailedCount: 0,
    budgetExceededCount: 0,
    ...over,
  };
}

export function metric(over: Partial<MetricDto> & { task: string; metric: string }): MetricDto {
  const base: MetricDto = {
    task: over.task,
    metric: over.metric,
    filter: "none",
    value: 0.5,
    valueRaw: null,
    stderr: null,
    stderrClt: null,
    stderrClustered: null,
    ciStderr: null,
    ciStderrKind: null,
    n: 100,
    higherIsBetter: true,
    isGroup: false,
    group: null,
    taskVersion: "Yaml",
    nShot: 0,
    extras: null,
  };
  const m = { ...base, ...over };
  if (over.ciStderr === undefined) {
    if (m.stderr !== null) Object.assign(m, { ciStderr: m.stderr, ciStderrKind: "bootstrap" });
    else if (m.stderrClt !== null) Object.assign(m, { ciStderr: m.stderrClt, ciStderrKind: "clt" });
    else if (m.stderrClustered !== null) Object.assign(m, { ciStderr: m.stderrClustered, ciStderrKind: "clustered" });
  }
  return m;
}

/** The shapes of fixture A (ai2d + MME, tests/fixtures/lmms-eval/README.md). */
export const MME_AI2D = {
  tasks: [task({ task: "ai2d", nEffective: 3088 }), task({ task: "mme", nEffective: 2374 })],
  metrics: [
    metric({ task: "ai2d", metric: "exact_match", filter: "flexible-extract", value: 0.8335492227979274, stderr: 0.006704095996686236, stderrClt: 0.006704095996686069, n: 3088 }),
    metric({ task: "mme", metric: "mme_cognition_score", value: 630.3571428571429, stderrClt: 0.02264596103725982, n: 2374 }),
    metric({ task: "mme", metric: "mme_perception_score", value: 1713.2958183273308, stderrClt: 0.006888820284184943, n: 2374 }),
  ],
};
