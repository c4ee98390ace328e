"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { listNotifications, markNotificationsRead } from "@/lib/services/notifications/center";
import { BELL_SIZE } from "@/lib/notifications-view/notifications";

/** The bell re-reads its list after every (re)connect: the database is the source of truth, the socket only news. */
export const loadBellAction = sessionAction(({ ctx, db }) => {
  const { items, unread } = listNotifications({ db, ctx, input: { limit: BELL_SIZE } });
  return { items, unread };
});

/**
 * `ids` = comma-separated notification ids, or `all=1`; only ever the signed-in user's own notifications. The bell
 * updates itself optimistically; the notifications page (`from=page`) is re-rendered.
 */
export const markNotificationsReadAction = sessionAction(
  ({ ctx, db, formData }) => {
    const all = formData.get("all") === "1";
    const ids = String(formData.get("ids") ?? "")
      .split(",")
      .filter(Boolean)
      .map(Number);
    return { marked: markNotificationsRead({ db, ctx, input: all ? { all: true } : { ids } }), fromPage: formData.get("from") === "page" };
  },
  ({ fromPage }) => {
    if (fromPage) revalidatePath("/notifications");
  },
);
