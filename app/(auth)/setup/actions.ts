"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { toActionError } from "@/lib/actions/action";
import type { ActionState } from "@/lib/actions/action-state";
import { CLIENT_IP_HEADER } from "@/lib/auth/next-auth";
import { createFirstAdmin } from "@/lib/services/users/create-first-admin";

/**
 * The one unauthenticated mutation: allowed only while no user exists (checked inside the service's transaction).
 * It answers with the new account's e-mail; the form then signs the administrator in through the normal sign-in.
 */
export async function setupFirstAdmin(_prev: ActionState, formData: FormData): Promise<ActionState<{ email: string }>> {
  try {
    const ip = (await headers()).get(CLIENT_IP_HEADER);
    const user = await createFirstAdmin({
      db: getDb(),
      ctx: { actor: null, via: "session", ip },
      input: { email: formData.get("email"), name: formData.get("name"), password: formData.get("password") },
    });
    return { ok: true, data: { email: user.email } };
  } catch (error) {
    return { ...(toActionError(error, randomUUID()) as ActionState<{ email: string }>), values: { email: String(formData.get("email") ?? ""), name: String(formData.get("name") ?? "") } };
  }
}
