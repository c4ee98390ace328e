import type { Metadata } from "next";
import { SecurityPolicyForm } from "@/components/settings/security-policy-form";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getSecurityPolicy } from "@/lib/services/security/update-security-policy";
import { listUsers } from "@/lib/services/users/list-users";

export const metadata: Metadata = { title: "Security" };

export default async function SecuritySettingsPage() {
  const ctx = await requirePageContext();
  if (!can.manageSettings(ctx.actor)) return <AccessDenied what="changing the security policy" />;
  const db = getDb();
  const policy = getSecurityPolicy({ db, ctx });
  const admins = listUsers({ db, ctx }).filter((user) => user.role === "admin" && !user.disabled);
  return (
    <>
      <PageHeader
        title="Security"
        description={
          <>
            The security policy, enforced on the server for the UI and the API alike (<code className="font-mono text-xs">GET/PUT /api/v1/security/policies</code>).
            Every change is in the audit log.
          </>
        }
      />
      <Card>
        <CardHeader title="Policy" />
        <SecurityPolicyForm policy={policy} admins={admins.map(({ id, email }) => ({ id, email }))} ssoName={getConfig().oidc?.name ?? null} />
      </Card>
    </>
  );
}
