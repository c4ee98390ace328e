import type { Metadata } from "next";
import { TwoFactorSettings } from "@/components/auth/two-factor-settings";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { effectivePolicy, requiresTwoFactor } from "@/lib/services/security/policy";
import { twoFactorStatus } from "@/lib/services/users/two-factor/queries";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const { actor } = await requirePageContext();
  const db = getDb();
  const policy = effectivePolicy(db);
  return (
    <>
      <PageHeader title="Profile" description="Your account. The theme is in the menu under your name." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Account" />
          <dl className="grid grid-cols-[100px_1fr] gap-y-2 px-4 py-3 text-sm">
            <dt className="text-zinc-500">Name</dt>
            <dd>{actor.name}</dd>
            <dt className="text-zinc-500">Email</dt>
            <dd>{actor.email}</dd>
            <dt className="text-zinc-500">Role</dt>
            <dd>{actor.role}</dd>
          </dl>
        </Card>
        <Card>
          <CardHeader title="Change password" />
          <div className="px-4 py-3">
            <ChangePasswordForm minLength={policy.passwords.minLength} />
          </div>
        </Card>
        <Card>
          <CardHeader title="Two-factor authentication" description="A code from an app on your phone, asked for after your password." />
          <div className="px-4 py-3">
            <TwoFactorSettings status={twoFactorStatus(db, actor.id)} required={requiresTwoFactor(policy, actor.role)} />
          </div>
        </Card>
      </div>
    </>
  );
}
