import { z } from "zod";
import { NOTIFICATION_EVENTS } from "@/db/schema";
import { IsoTimestamp } from "@/lib/services/dto-fields";

/** An in-app notification: what the bell lists, and (without `read`) the live event that announces it. */
export const NotificationDto = z.strictObject({
  id: z.number(),
  event: z.enum(NOTIFICATION_EVENTS),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: IsoTimestamp,
  read: z.boolean(),
});
export type NotificationDto = z.infer<typeof NotificationDto>;

export const NotificationPageDto = z.strictObject({ items: z.array(NotificationDto), unread: z.number(), nextCursor: z.number().nullable() });
export type NotificationPageDto = z.infer<typeof NotificationPageDto>;
