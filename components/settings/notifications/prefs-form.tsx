"use client";

import { useActionState, useState } from "react";
import { saveNotificationPrefsAction } from "@/app/(app)/settings/notifications/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { initialActionState } from "@/lib/actions/action-state";
import { EVENT_INFO } from "@/lib/notifications-view/notifications";
import type { PrefDto } from "@/lib/services/notifications/center";

/** Events × channels; controlled, so what is shown is what will be saved (a form action resets uncontrolled fields). */
export function NotificationPrefsForm({ prefs, emailReady }: { prefs: PrefDto[]; emailReady: boolean }) {
  const [state, action, pending] = useActionState(saveNotificationPrefsAction, initialActionState);
  const [values, setValues] = useState(prefs);
  const toggle = (event: PrefDto["event"], channel: "inApp" | "email") => setValues((v) => v.map((p) => (p.event === event ? { ...p, [channel]: !p[channel] } : p)));
  return (
    <form action={action} className="space-y-4">
      <Table>
        <thead>
          <tr>
            <Th>Event</Th>
            <Th className="w-28 text-center">In the app</Th>
            <Th className="w-28 text-center">By e-mail</Th>
          </tr>
        </thead>
        <tbody>
          {values.map((p) => {
            const info = EVENT_INFO[p.event];
            return (
              <tr key={p.event} data-testid={`pref-${p.event}`}>
                <Td>
                  <div className="font-medium">{info.label}</div>
                  <div className="text-xs text-zinc-500">{info.description}</div>
                </Td>
                <Td className="text-center">
                  <input type="checkbox" name={`${p.event}.inApp`} checked={p.inApp} onChange={() => toggle(p.event, "inApp")} aria-label={`${info.label}: in the app`} className="h-4 w-4 accent-accent-600" />
                </Td>
                <Td className="text-center">
                  <input type="checkbox" name={`${p.event}.email`} checked={p.email} onChange={() => toggle(p.event, "email")} aria-label={`${info.label}: by e-mail`} className="h-4 w-4 accent-accent-600" />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <div className="space-y-3 px-4 pb-4">
        {!emailReady ? (
          <p className="text-xs text-amber-800 dark:text-amber-300">
            No mail server is set up yet, so e-mails are not sent; your choices are kept for when an administrator sets one up.
          </p>
        ) : null}
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save preferences"}
          </Button>
          <div aria-live="polite">{state.ok ? <FormMessage state={{ ok: true, message: String(state.data) }} /> : <FormMessage state={state} />}</div>
        </div>
      </div>
    </form>
  );
}
