"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { updateSecurityPolicy } from "@/lib/services/security/update-security-policy";

const whole = (formData: FormData, name: string) => {
  const raw = String(formData.get(name) ?? "").trim();
  return raw === "" ? undefined : Number(raw);
};
const checked = (formData: FormData, name: string) => formData.get(name) === "on";

/** The Security page posts every field; the service validates them (field errors come back as `group.field`). */
export const updateSecurityPolicyAction = sessionAction(
  ({ ctx, db, formData }) =>
    updateSecurityPolicy({
      db,
      ctx,
      input: {
        passwords: { minLength: whole(formData, "passwords.minLength"), rejectCommon: checked(formData, "passwords.rejectCommon") },
        sessions: { lifetimeHours: whole(formData, "sessions.lifetimeHours"), idleTimeoutMinutes: whole(formData, "sessions.idleTimeoutMinutes") ?? 0 },
        signIn: {
          password: checked(formData, "signIn.password"),
          breakGlassUserId: formData.get("signIn.breakGlassUserId") ? Number(formData.get("signIn.breakGlassUserId")) : null,
        },
        twoFactor: { required: formData.get("twoFactor.required") },
        apiTokens: {
          allowedNetworks: String(formData.get("allowedNetworks") ?? "")
            .split(/[\s,]+/)
            .filter(Boolean),
        },
        uploads: { maxImportMb: whole(formData, "uploads.maxImportMb"), maxUnpackedMb: whole(formData, "uploads.maxUnpackedMb") },
        runs: { membersMayCreatePrivate: checked(formData, "runs.membersMayCreatePrivate") },
        sso: { defaultRole: formData.get("sso.defaultRole"), linkExistingAccounts: checked(formData, "sso.linkExistingAccounts") },
      },
    }),
  () => revalidatePath("/settings/security"),
);
