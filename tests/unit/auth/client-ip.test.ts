import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-ip";

const request = (peer: string, headers: Record<string, string | string[]> = {}) => ({ headers, socket: { remoteAddress: peer } });
const direct = { trustedProxyHops: 0, clientIpHeader: null };

describe("clientAddress", () => {
  it("without a proxy setting, the TCP peer: a client cannot choose its address with X-Forwarded-For or X-Real-IP", () => {
    expect(clientAddress(request("203.0.113.7", { "x-forwarded-for": "10.1.1.1", "x-real-ip": "10.2.2.2" }), direct)).toBe("203.0.113.7");
    expect(clientAddress(request("::ffff:203.0.113.7"), direct)).toBe("203.0.113.7");
    expect(clientAddress(request("2001:db8::1"), direct)).toBe("2001:db8::1");
  });

  it("TRUSTED_PROXY_HOPS=n counts n entries from the right of X-Forwarded-For + peer; what the client wrote further left is ignored", () => {
    const oneProxy = { trustedProxyHops: 1, clientIpHeader: null };
    // nginx on 127.0.0.1 appended the real client 198.51.100.4 after the client's own forged entry.
    const viaNginx = request("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.4" });
    expect(clientAddress(viaNginx, oneProxy)).toBe("198.51.100.4");
    expect(clientAddress(request("10.0.0.2", { "x-forwarded-for": ["6.6.6.6", "198.51.100.4, 10.0.0.9"] }), { trustedProxyHops: 2, clientIpHeader: null })).toBe("198.51.100.4");
    // Too few entries (the request did not pass all the proxies): the leftmost there is.
    expect(clientAddress(request("198.51.100.4"), oneProxy)).toBe("198.51.100.4");
    // Not an address: the peer.
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "unknown" }), oneProxy)).toBe("127.0.0.1");
  });

  it("CLIENT_IP_HEADER names the header the proxy sets; without it, the peer", () => {
    const realIp = { trustedProxyHops: 0, clientIpHeader: "x-real-ip" };
    expect(clientAddress(request("127.0.0.1", { "x-real-ip": "198.51.100.4", "x-forwarded-for": "6.6.6.6" }), realIp)).toBe("198.51.100.4");
    expect(clientAddress(request("127.0.0.1"), realIp)).toBe("127.0.0.1");
    expect(clientAddress(request("127.0.0.1", { "x-real-ip": "<script>" }), realIp)).toBe("127.0.0.1");
  });
});
