import type { StatusTone } from "@/lib/runs-view/status";

export const DELIVERY_TONE: Record<string, StatusTone> = { pending: "neutral", delivered: "green", failed: "red" };

/** Who a delivery went to: the webhook's name (or that it was deleted) or the e-mail recipient. */
export function deliveryTarget(d: { channel: string; webhookId: number | null; recipient: string | null }, webhookNames: ReadonlyMap<number, string>): string {
  if (d.channel === "email") return d.recipient ?? "e-mail";
  if (d.webhookId === null) return "deleted webhook";
  return webhookNames.get(d.webhookId) ?? `webhook ${d.webhookId}`;
}

/** The receiver's side of the signature, shown on the webhooks page (and unit-tested against the signer). */
export const VERIFY_SNIPPET = `import crypto from "node:crypto";

// req.body must be the raw request body, exactly as received.
function verify(secret, headers, rawBody) {
  const timestamp = headers["x-dashboard-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // replayed or stale
  const expected = "sha256=" + crypto.createHmac("sha256", secret).update(\`\${timestamp}.\${rawBody}\`).digest("hex");
  const given = headers["x-dashboard-signature"] ?? "";
  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}`;
