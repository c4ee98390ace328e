"use server";

import { sessionAction } from "@/lib/actions/action";
import { disableTwoFactor, regenerateRecoveryCodes } from "@/lib/services/users/two-factor/change-two-factor";
import { confirmTwoFactorEnrolment, startTwoFactorEnrolment } from "@/lib/services/users/two-factor/enrol-two-factor";

/**
 * Setting up an authenticator is open to a session the policy holds on the set-up page; turning it off or printing
 * new recovery codes needs a full session. None of these revalidates the page: the recovery codes are shown once, by
 * the component, until the person says they saved them (it then refreshes or moves on).
 */
export const startTwoFactorAction = sessionAction(({ ctx, db }) => startTwoFactorEnrolment({ db, ctx }), undefined, { forTwoFactorSetup: true });

export const confirmTwoFactorAction = sessionAction(
  ({ ctx, db, formData }) => confirmTwoFactorEnrolment({ db, ctx, input: { code: formData.get("code") } }),
  undefined,
  { forTwoFactorSetup: true },
);

export const disableTwoFactorAction = sessionAction(async ({ ctx, db, formData }) => {
  const code = formData.get("code");
  const password = formData.get("password");
  await disableTwoFactor({ db, ctx, input: { code: code || undefined, password: password || undefined } });
  return "Two-factor authentication is off.";
});

export const regenerateRecoveryCodesAction = sessionAction(({ ctx, db, formData }) => regenerateRecoveryCodes({ db, ctx, input: { code: formData.get("code") } }));
