"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { createWebhook, deleteWebhook, updateWebhook } from "@/lib/services/notifications/webhooks";

const refresh = () => revalidatePath("/settings/webhooks");

/** The signing secret is returned once, to be shown once; it is stored sealed and never readable again. */
export const createWebhookAction = sessionAction(
  ({ ctx, db, formData }) => {
    const { webhook, secret } = createWebhook({
      db,
      ctx,
      input: { name: formData.get("name"), url: formData.get("url"), events: formData.getAll("events"), enabled: true },
    });
    return { name: webhook.name, secret };
  },
  refresh,
);

export const setWebhookEnabledAction = sessionAction(
  ({ ctx, db, formData }) => updateWebhook({ db, ctx, input: { webhookId: formData.get("webhookId"), enabled: formData.get("enabled") === "true" } }).id,
  refresh,
);

export const deleteWebhookAction = sessionAction(({ ctx, db, formData }) => deleteWebhook({ db, ctx, webhookId: Number(formData.get("webhookId")) }), refresh);
