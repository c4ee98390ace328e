"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { createUser } from "@/lib/services/users/create-user";
import { resetPassword } from "@/lib/services/users/reset-password";
import { resetTwoFactor } from "@/lib/services/users/two-factor/reset-two-factor";
import { updateUser } from "@/lib/services/users/update-user";

const refresh = () => revalidatePath("/settings/users");

export const createUserAction = sessionAction(
  ({ ctx, db, formData }) =>
    createUser({
      db,
      ctx,
      input: { email: formData.get("email"), name: formData.get("name"), password: formData.get("password"), role: formData.get("role") },
    }),
  refresh,
);

export const changeRoleAction = sessionAction(
  ({ ctx, db, formData }) => updateUser({ db, ctx, input: { userId: formData.get("userId"), role: formData.get("role") } }),
  refresh,
);

export const setDisabledAction = sessionAction(
  ({ ctx, db, formData }) =>
    updateUser({ db, ctx, input: { userId: formData.get("userId"), disabled: formData.get("disabled") === "true" } }),
  refresh,
);

export const resetPasswordAction = sessionAction(async ({ ctx, db, formData }) => {
  await resetPassword({ db, ctx, input: { userId: formData.get("userId"), password: formData.get("password") } });
  return "Password reset; the user's open sessions were signed out.";
}, refresh);

export const resetTwoFactorAction = sessionAction(({ ctx, db, formData }) => {
  resetTwoFactor({ db, ctx, input: { userId: formData.get("userId") } });
  return "Two-factor authentication removed; the user's open sessions were signed out.";
}, refresh);
