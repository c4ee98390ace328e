import type { Metadata } from "next";
import { ClearSmtpButton, SmtpForm } from "@/components/settings/notifications/smtp-form";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { getSmtpSettings } from "@/lib/services/notifications/settings";

export const metadata: Metadata = { title: "E-mail" };

export default async function EmailSettingsPage() {
  const ctx = await requirePageContext();
  if (!can.manageSettings(ctx.actor)) return <AccessDenied what="setting up e-mail" />;
  const current = getSmtpSettings({ db: getDb(), ctx });
  return (
    <>
      <PageHeader title="E-mail" description="The mail server notification e-mails are sent through. Each user chooses which e-mails they want under Notifications." />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Mail server (SMTP)"
            description={current ? `Sending as ${current.from} through ${current.host}:${current.port}.` : "Not set up: no e-mails are sent."}
          />
          <div className="px-4 py-4">
            <SmtpForm current={current} />
          </div>
        </Card>
        {current ? (
          <Card>
            <CardHeader title="Remove" description="Stops all e-mail notifications and forgets the stored password." />
            <div className="px-4 py-3">
              <ClearSmtpButton />
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
