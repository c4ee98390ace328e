/**
 * The one score a runs list shows for a finished run: the first requested task that has a numeric metric (a group's
 * aggregate row when a group was asked for), and its first metric in the order lmms-eval wrote them, preferring one
 * whose direction is known. `more` counts the run's other numeric scores, so the list can say "+5 more".
 */
export type HeadlineInput = { task: string; metric: string; filter: string; value: number | null; higherIsBetter: boolean | null };
export type Headline = { task: string; metric: string; filter: string; value: number; higherIsBetter: boolean | null; more: number };

export function pickHeadline(requestedTasks: readonly string[], metrics: readonly HeadlineInput[]): Headline | null {
  const numeric = metrics.filter((m): m is HeadlineInput & { value: number } => m.value !== null && Number.isFinite(m.value));
  if (numeric.length === 0) return null;
  const task = requestedTasks.find((t) => numeric.some((m) => m.task === t)) ?? numeric[0].task;
  const ofTask = numeric.filter((m) => m.task === task);
  const chosen = ofTask.find((m) => m.higherIsBetter !== null) ?? ofTask[0];
  return { task: chosen.task, metric: chosen.metric, filter: chosen.filter, value: chosen.value, higherIsBetter: chosen.higherIsBetter, more: numeric.length - 1 };
}
