"use server";

import { sessionAction } from "@/lib/actions/action";
import { changeOwnPassword } from "@/lib/services/users/reset-password";
import { setTheme } from "@/lib/services/users/set-theme";

export const saveThemeAction = sessionAction(({ ctx, db, formData }) => setTheme({ db, ctx, input: formData.get("theme") }));

export const changePasswordAction = sessionAction(async ({ ctx, db, formData }) => {
  await changeOwnPassword({
    db,
    ctx,
    input: { currentPassword: formData.get("currentPassword"), newPassword: formData.get("newPassword") },
  });
  return "Password changed.";
});
