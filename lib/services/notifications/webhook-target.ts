import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

/**
 * Where webhooks may go. A webhook URL makes the server send requests on the admin's behalf, so without limits it
 * reaches what only the server can: its own ports (127.0.0.1), the LAN, and a cloud's metadata service
 * (169.254.169.254) that hands out credentials. Unless ALLOW_PRIVATE_WEBHOOKS is set, only public addresses are
 * allowed — checked when a webhook is saved (a literal address or `localhost`) and again at every delivery, after DNS:
 * every address a name resolves to must be public, and the connection goes to the address that was checked, so a
 * name cannot resolve to a public address for the check and to 127.0.0.1 for the request. Redirects are not followed.
 */

const NOT_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64 can reach any IPv4 address, private ones included
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local, e.g. fd00:ec2::254 (AWS metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(address, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, also written `::ffff:7f00:1`), or null. */
function mappedIpv4(address: string): string | null {
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Whether a request to this IP address leaves the host's own networks. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, "ipv4");
  // A zone index (`fe80::1%eth0`) only exists for link-local addresses.
  if (family === 0 || address.includes("%")) return false;
  const ipv4 = mappedIpv4(address);
  return ipv4 ? isPublicAddress(ipv4) : !NOT_PUBLIC.check(address, "ipv6");
}

export const PRIVATE_TARGET_HINT = "set ALLOW_PRIVATE_WEBHOOKS=1 to allow private network targets";

export class WebhookTargetError extends Error {}

/** The URL's host without IPv6 brackets, lower-cased. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/**
 * What can be judged without DNS, when a webhook is saved: a literal address or a `localhost` name. Returns the
 * problem in words, or null. (Names are resolved only at delivery: they may not resolve from here yet, and may change.)
 */
export function privateTargetProblem(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  const host = hostOf(url);
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is this server`;
  if (net.isIP(host) && !isPublicAddress(host)) return `${host} is a private, loopback or link-local address`;
  return null;
}

/** dns.lookup that only answers with checked addresses: every address of the name must be public. */
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      return callback(new WebhookTargetError(`${hostname} resolves to ${refused.address}, a private, loopback or link-local address (${PRIVATE_TARGET_HINT})`), "");
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * POSTs a webhook body and answers the receiver's status. Only public targets unless `allowPrivate`; never follows
 * redirects (a 3xx is the receiver's answer); gives up after `timeoutMs`. The response body is read and discarded.
 */
export function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  { allowPrivate, timeoutMs }: { allowPrivate: boolean; timeoutMs: number },
): Promise<{ status: number }> {
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") return Promise.reject(new WebhookTargetError(`${url.protocol} URLs cannot receive webhooks`));
  if (!allowPrivate) {
    // Node skips the lookup for literal addresses, so those are checked here.
    const problem = privateTargetProblem(rawUrl);
    if (problem) return Promise.reject(new WebhookTargetError(`${problem} (${PRIVATE_TARGET_HINT})`));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    // One deadline for the whole exchange, a slow trickle of an answer included.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(error);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup as typeof dns.lookup }),
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0 });
        });
        response.on("error", fail);
      },
    );
    request.on("error", fail);
    request.end(body);
  });
}
