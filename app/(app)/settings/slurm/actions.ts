"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";

const FIELDS = ["defaultExecutor", "sharedDir", "lmmsEvalCommand", "partition", "account", "qos", "timeLimit", "gpusPerRun", "cpusPerRun", "memory", "extraDirectives", "preamble"] as const;

export const saveSlurmSettingsAction = sessionAction(
  ({ ctx, db, formData }) => {
    // Every field is a text input or textarea: the service's schema turns "" into "not set" and lines into lists.
    const input = Object.fromEntries(FIELDS.map((name) => [name, typeof formData.get(name) === "string" ? formData.get(name) : undefined]));
    return updateSlurmSettings({ db, ctx, input });
  },
  () => revalidatePath("/settings/slurm"),
);
