"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { setAuditRetention } from "@/lib/services/audit/retention";

export const saveAuditRetentionAction = sessionAction(
  ({ ctx, db, formData }) => {
    const { days } = setAuditRetention({ db, ctx, input: { days: formData.get("days") ?? "" } });
    return days === null ? "Saved: every entry is kept." : `Saved: entries older than ${days} days are removed once a day.`;
  },
  () => revalidatePath("/settings/audit"),
);
