import type { IncomingHttpHeaders } from "node:http";
import net from "node:net";
import type { AppConfig } from "@/lib/config";

/**
 * The address of the client behind a request, as far as the operator's proxy setup lets us trust it. Sign-in delays
 * per address and the audit log's addresses depend on it, so a client must not be able to choose it:
 *
 * - default (no proxy): the TCP peer address; any X-Forwarded-For the client sent is ignored;
 * - `TRUSTED_PROXY_HOPS=n`: n proxies of the operator's own append to X-Forwarded-For; the client is the entry n
 *   places from the right end of (X-Forwarded-For…, peer). Entries further left were written by the client;
 * - `CLIENT_IP_HEADER=X-Real-IP` (or CF-Connecting-IP, …): the proxy sets this header to the client's address and
 *   overwrites any value the client sent; it is used whenever present.
 *
 * A value that is not an IP address falls back to the peer address. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is written
 * as IPv4 so one client has one address.
 */
export function clientAddress(
  req: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } },
  trust: Pick<AppConfig, "trustedProxyHops" | "clientIpHeader">,
): string {
  const peer = normalise(req.socket.remoteAddress ?? "") ?? "";
  if (trust.clientIpHeader) {
    return normalise(firstValue(req.headers[trust.clientIpHeader])) ?? peer;
  }
  if (trust.trustedProxyHops > 0) {
    const forwarded = ([] as string[])
      .concat(req.headers["x-forwarded-for"] ?? [])
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean);
    const chain = [...forwarded, peer];
    return normalise(chain[Math.max(0, chain.length - 1 - trust.trustedProxyHops)]) ?? peer;
  }
  return peer;
}

function firstValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function normalise(value: string | undefined): string | null {
  const address = (value ?? "").trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return net.isIP(address) ? address : null;
}
