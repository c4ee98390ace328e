"use server";

import { revalidatePath } from "next/cache";
import { NOTIFICATION_EVENTS } from "@/db/schema";
import { sessionAction } from "@/lib/actions/action";
import { setNotificationPrefs } from "@/lib/services/notifications/center";

/** One checkbox per event × channel, named `<event>.inApp` / `<event>.email`. */
export const saveNotificationPrefsAction = sessionAction(
  ({ ctx, db, formData }) => {
    setNotificationPrefs({ db, ctx, input: NOTIFICATION_EVENTS.map((event) => ({ event, inApp: formData.get(`${event}.inApp`) === "on", email: formData.get(`${event}.email`) === "on" })) });
    return "Saved.";
  },
  () => revalidatePath("/settings/notifications"),
);
