"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { getConfig } from "@/lib/config";
import { createRun, previewRunCommand } from "@/lib/services/runs/create-run";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";

/**
 * The form posts one JSON field. Its name contains "secret" on purpose: sessionAction never echoes such fields back
 * into the page, and this one carries the run's environment values.
 */
const PAYLOAD_FIELD = "secretPayload";
const readPayload = (formData: FormData): unknown => readJsonPayload(formData, PAYLOAD_FIELD);

export type CommandPreview = { command: string; runIdPlaceholder: string };

export const previewCommandAction = sessionAction(({ ctx, db, formData }): CommandPreview => previewRunCommand({ db, ctx, input: readPayload(formData) }));

export const createRunAction = sessionAction(
  async ({ ctx, db, formData }) => {
    const run = await createRun({ db, ctx, input: readPayload(formData) });
    // Only the id goes back to the browser: the row also holds the sealed environment.
    return { id: run.id };
  },
  ({ id }) => {
    revalidatePath("/runs");
    redirect(`/runs/${id}`);
  },
);

export const refreshCatalogueAction = sessionAction(
  async ({ ctx, db }) => {
    const meta = await refreshTaskCatalogue({ db, ctx, command: getConfig().lmmsEvalCommand });
    return { ...meta, warnings: meta.warnings.slice(0, 20) };
  },
  // The picker is on the run form, schedules and batches: refresh whichever page asked.
  () => revalidatePath("/", "layout"),
);
