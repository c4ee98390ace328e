import type { Metadata } from "next";
import { NotificationPrefsForm } from "@/components/settings/notifications/prefs-form";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { getNotificationPrefs } from "@/lib/services/notifications/center";
import { readSmtp } from "@/lib/services/notifications/settings";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationSettingsPage() {
  const ctx = await requirePageContext();
  const db = getDb();
  const prefs = getNotificationPrefs({ db, ctx });
  // Only whether a mail server exists; its settings are for admins (Settings → E-mail).
  const emailReady = readSmtp(db) !== null;
  return (
    <>
      <PageHeader title="Notifications" description="Which events reach you, and how. Team webhooks (Slack and others) are set up separately by an administrator." />
      <Card>
        <CardHeader title="Your notifications" description={`In-app notifications appear under the bell, live. E-mails go to ${ctx.actor.email}.`} />
        <NotificationPrefsForm prefs={prefs} emailReady={emailReady} />
      </Card>
    </>
  );
}
