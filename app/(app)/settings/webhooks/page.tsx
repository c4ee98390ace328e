import type { Metadata } from "next";
import { CreateWebhookForm, WebhookRowActions } from "@/components/settings/notifications/webhook-forms";
import { AccessDenied } from "@/components/ui/access-denied";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { DELIVERY_TONE, deliveryTarget, VERIFY_SNIPPET } from "@/lib/notifications-view/deliveries";
import { eventLabel } from "@/lib/notifications-view/notifications";
import { listDeliveries, listWebhooks } from "@/lib/services/notifications/webhooks";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await requirePageContext();
  if (!can.manageSettings(ctx.actor)) return <AccessDenied what="managing webhooks" />;
  const db = getDb();
  const hooks = listWebhooks({ db, ctx });
  const deliveries = listDeliveries({ db, ctx, limit: 100 });
  const names = new Map(hooks.map((h) => [h.id, h.name]));
  return (
    <>
      <PageHeader title="Webhooks" description="Team-wide notifications to Slack or any HTTP endpoint: a signed JSON POST per event, retried with backoff." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Add a webhook" description="The body is Slack-compatible ({ text, … }) and also carries event, title, body, link and data." />
          <div className="px-4 py-4">
            <CreateWebhookForm />
          </div>
        </Card>

        <Card>
          <CardHeader title={`Webhooks (${hooks.length})`} />
          {hooks.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No webhooks yet">Add one above to post failed runs, finished batches and regressions to a channel.</EmptyState>
            </div>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>URL</Th>
                  <Th>Events</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Actions</Th>
                </tr>
              </thead>
              <tbody>
                {hooks.map((h) => (
                  <tr key={h.id} data-testid={`webhook-row-${h.name}`}>
                    <Td className="font-medium">{h.name}</Td>
                    <Td className="max-w-xs truncate font-mono text-xs" title={h.url}>
                      {h.url}
                    </Td>
                    <Td className="text-xs">{h.events.map(eventLabel).join(", ")}</Td>
                    <Td>{h.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</Td>
                    <Td className="text-right">
                      <WebhookRowActions id={h.id} name={h.name} enabled={h.enabled} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader title="Verifying the signature" description="So a receiver can tell a real notification from a forged one." />
          <div className="space-y-3 px-4 py-4 text-sm">
            <p>Every request carries two headers:</p>
            <ul className="list-disc space-y-1 pl-5">
              <li>
                <code className="font-mono text-[13px]">X-Dashboard-Timestamp</code>: Unix seconds when it was sent;
              </li>
              <li>
                <code className="font-mono text-[13px]">X-Dashboard-Signature: sha256=HMAC(secret, &quot;&lt;timestamp&gt;.&lt;body&gt;&quot;)</code> — HMAC-SHA256 in hex, over
                the timestamp, a dot and the raw body.
              </li>
            </ul>
            <p>Recompute it with the webhook&apos;s secret, compare in constant time, and reject timestamps older than a few minutes (replays).</p>
            <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100">{VERIFY_SNIPPET}</pre>
          </div>
        </Card>

        <Card>
          <CardHeader title="Delivery log" description="The latest 100 webhook and e-mail deliveries. Failed attempts are retried with exponential backoff, up to 5 times." />
          {deliveries.length === 0 ? (
            <div className="p-4">
              <EmptyState title="Nothing delivered yet" />
            </div>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Channel</Th>
                  <Th>To</Th>
                  <Th>Event</Th>
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Last error</Th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-testid="delivery-row">
                    <Td className="whitespace-nowrap text-xs tabular-nums">{formatDateTime(d.createdAt)}</Td>
                    <Td className="text-xs">{d.channel}</Td>
                    <Td className="max-w-[12rem] truncate text-xs">{deliveryTarget(d, names)}</Td>
                    <Td className="text-xs">{eventLabel(d.event)}</Td>
                    <Td>
                      <Badge tone={d.status === "pending" && d.attempts > 0 ? "amber" : (DELIVERY_TONE[d.status] ?? "neutral")}>
                        {d.status === "pending" && d.attempts > 0 ? "retrying" : d.status}
                      </Badge>
                      {d.status === "pending" && d.attempts > 0 ? <div className="mt-0.5 text-[11px] text-zinc-500">next {formatDateTime(d.nextAttemptAt)}</div> : null}
                      {d.deliveredAt ? <div className="mt-0.5 text-[11px] text-zinc-500">{formatDateTime(d.deliveredAt)}</div> : null}
                    </Td>
                    <Td className="text-xs tabular-nums">
                      {d.attempts}
                      {d.lastStatusCode ? <span className="text-zinc-500"> · HTTP {d.lastStatusCode}</span> : null}
                    </Td>
                    <Td className="max-w-sm text-xs text-red-700 dark:text-red-400">{d.lastError ?? ""}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
