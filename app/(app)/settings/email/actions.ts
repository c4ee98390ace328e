"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { clearSmtpSettings, saveSmtpSettings } from "@/lib/services/notifications/settings";

const refresh = () => revalidatePath("/settings/email");

/** An empty password field keeps the stored password (the form never receives it). */
export const saveSmtpAction = sessionAction(
  ({ ctx, db, formData }) => {
    const password = formData.get("password");
    saveSmtpSettings({
      db,
      ctx,
      input: {
        host: formData.get("host"),
        port: formData.get("port"),
        secure: formData.get("secure") === "on",
        user: formData.get("user") ?? "",
        ...(typeof password === "string" && password !== "" ? { password } : {}),
        from: formData.get("from"),
      },
    });
    return "Saved. New e-mails use these settings.";
  },
  refresh,
);

export const clearSmtpAction = sessionAction(({ ctx, db }) => {
  clearSmtpSettings({ db, ctx });
  return "Cleared. No e-mails are sent until a server is set again.";
}, refresh);
