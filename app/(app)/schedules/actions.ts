"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { webPublisher } from "@/lib/realtime/publish";
import { InvalidInputError } from "@/lib/services/errors";
import { runScheduleNow } from "@/lib/services/schedules/fire-schedule";
import { createSchedule, deleteSchedule, previewSchedule, updateSchedule } from "@/lib/services/schedules/manage-schedules";

function readPayload(formData: FormData): Record<string, unknown> {
  const parsed = readJsonPayload(formData);
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  throw new InvalidInputError("The form could not be read; reload the page and try again");
}

const refresh = (scheduleId?: number) => {
  revalidatePath("/schedules");
  if (scheduleId) revalidatePath(`/schedules/${scheduleId}`);
};

/** Live validation while typing: what the cadence means and its next five fire times, or what is wrong. */
export const previewScheduleAction = sessionAction(({ formData }) => previewSchedule({ cron: formData.get("cron"), timezone: formData.get("timezone") }));

/** Creates (no scheduleId) or edits a schedule; the service checks parameters and executor with createRun's rules. */
export const saveScheduleAction = sessionAction(
  ({ ctx, db, formData }) => {
    const { scheduleId, ...input } = readPayload(formData);
    const saved = scheduleId ? updateSchedule({ db, ctx, input: { ...input, scheduleId } }) : createSchedule({ db, ctx, input });
    return { id: saved.id };
  },
  ({ id }) => {
    refresh(id);
    redirect(`/schedules/${id}`);
  },
);

/** Pause (enabled=false) or resume (enabled=true). */
export const setScheduleEnabledAction = sessionAction(
  ({ ctx, db, formData }) => updateSchedule({ db, ctx, input: { scheduleId: formData.get("scheduleId"), enabled: formData.get("enabled") === "true" } }).id,
  (id) => refresh(id),
);

export const runScheduleNowAction = sessionAction(
  async ({ ctx, db, formData }) => {
    const firing = await runScheduleNow({ db, ctx, scheduleId: formData.get("scheduleId"), publisher: webPublisher });
    return { scheduleId: Number(formData.get("scheduleId")), outcome: firing.outcome, message: firing.message, runIds: firing.runIds, batchId: firing.batchId };
  },
  ({ scheduleId }) => refresh(scheduleId),
);

/** Deletes the schedule (its firing history stays); from the detail page, goes back to the list. */
export const deleteScheduleAction = sessionAction(
  ({ ctx, db, formData }) => {
    const scheduleId = Number(formData.get("scheduleId"));
    deleteSchedule({ db, ctx, scheduleId });
    return { scheduleId, back: formData.get("back") === "1" };
  },
  ({ scheduleId, back }) => {
    refresh(scheduleId);
    if (back) redirect("/schedules");
  },
);
