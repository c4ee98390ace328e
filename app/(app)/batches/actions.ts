"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { checkRunParams } from "@/lib/schedules-view/check-run-params";
import { InvalidInputError } from "@/lib/services/errors";
import { createBatch } from "@/lib/services/schedules/batches";

export const createBatchAction = sessionAction(
  async ({ ctx, db, formData }) => {
    const raw = formData.get("payload");
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(typeof raw === "string" ? raw : "") as Record<string, unknown>;
    } catch {
      throw new InvalidInputError("The form could not be read; reload the page and try again");
    }
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
