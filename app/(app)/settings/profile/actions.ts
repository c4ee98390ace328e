"use server";

import { getDb } from "@/lib/db";
import { sessionAction } from "@/lib/actions/action";
import { getSessionContext } from "@/lib/auth/session";
import { changeOwnPassword } from "@/lib/services/users/reset-password";
import { setTheme } from "@/lib/services/users/set-theme";

export async function saveTheme(theme: string): Promise<void> {
  const ctx = await getSessionContext();
  if (!ctx) return;
  setTheme({ db: getDb(), ctx, input: theme });
}

export const changePasswordAction = sessionAction(async ({ ctx, db, formData }) => {
  await changeOwnPassword({
    db,
    ctx,
    input: { currentPassword: formData.get("currentPassword"), newPassword: formData.get("newPassword") },
  });
  return "Password changed.";
});
