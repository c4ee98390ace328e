"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { checkRunParams } from "@/lib/schedules-view/check-run-params";
import { InvalidInputError } from "@/lib/services/errors";
import { createBatch } from "@/lib/services/schedules/batches";

export const createBatchAction = sessionAction(
  async ({ ctx, db, formData }) => {
    const input = readJsonPayload(formData) as Record<string, unknown>;
    const paramErrors = checkRunParams(input.params as Record<string, unknown> | undefined);
    if (Object.keys(paramErrors).length) throw new InvalidInputError(Object.values(paramErrors)[0][0], paramErrors);
    const batch = await createBatch({ db, ctx, input });
    return { id: batch.id };
  },
  ({ id }) => {
    revalidatePath("/runs");
    redirect(`/batches/${id}`);
  },
);
