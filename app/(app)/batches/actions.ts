"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { createBatch } from "@/lib/services/schedules/batches";

export const createBatchAction = sessionAction(
  async ({ ctx, db, formData }) => {
    // createBatch checks parameters, executor, versions and tasks before it writes anything.
    const batch = await createBatch({ db, ctx, input: readJsonPayload(formData) });
    return { id: batch.id };
  },
  ({ id }) => {
    revalidatePath("/runs");
    redirect(`/batches/${id}`);
  },
);
