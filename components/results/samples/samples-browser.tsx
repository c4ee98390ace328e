"use client";

import type { Viewer } from "@/components/comments/discussion-panel";
import type { SamplesViewState } from "@/lib/results-view/samples-url";
import { SamplesNavigationProvider } from "./samples-navigation";
import { SamplesResults } from "./samples-results";
import { SamplesToolbar } from "./samples-toolbar";
import type { SamplesPage, SamplesTaskOption } from "./types";

/** The samples browser: toolbar and results share the URL-backed view; the results reset with every new page. */
export function SamplesBrowser({
  runId,
  view,
  task,
  tasks,
  categories,
  labelCounts,
  page,
  error,
  viewer,
  canComment,
  serverNow,
}: {
  runId: number;
  view: SamplesViewState;
  task: SamplesTaskOption;
  tasks: SamplesTaskOption[];
  categories: Array<{ category: string; n: number }>;
  labelCounts: Array<{ label: string; n: number }>;
  page: SamplesPage;
  error: string | null;
  viewer: Viewer;
  canComment: boolean;
  serverNow: number;
}) {
  const pageKey = JSON.stringify([view, task.task]);
  return (
    <SamplesNavigationProvider view={view}>
      <SamplesToolbar runId={runId} task={task} tasks={tasks} categories={categories} labelCounts={labelCounts} />
      <SamplesResults key={pageKey} runId={runId} page={page} error={error} discussion={{ viewer, canComment, serverNow }} />
    </SamplesNavigationProvider>
  );
}
