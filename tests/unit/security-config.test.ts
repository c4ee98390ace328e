import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sec-cfg-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("security settings in the environment", () => {
  it("defaults: no proxy trusted, 5 free failures, webhooks only to public addresses", () => {
    expect(parseConfig({ PATH: "" }, tmp())).toMatchObject({ trustedProxyHops: 0, clientIpHeader: null, loginMaxFailures: 5, allowPrivateWebhooks: false });
    expect(parseConfig({ PATH: "", ALLOW_PRIVATE_WEBHOOKS: "1" }, tmp()).allowPrivateWebhooks).toBe(true);
  });

  it("reads the client-address source for a reverse proxy", () => {
    expect(parseConfig({ PATH: "", TRUSTED_PROXY_HOPS: "2" }, tmp())).toMatchObject({ trustedProxyHops: 2, clientIpHeader: null });
    expect(parseConfig({ PATH: "", CLIENT_IP_HEADER: "X-Real-IP" }, tmp())).toMatchObject({ trustedProxyHops: 0, clientIpHeader: "x-real-ip" });
  });

  it.each([
    [{ TRUSTED_PROXY_HOPS: "-1" }, "TRUSTED_PROXY_HOPS must be a whole number, 0 or more"],
    [{ TRUSTED_PROXY_HOPS: "one" }, "TRUSTED_PROXY_HOPS must be a whole number, 0 or more"],
    [{ CLIENT_IP_HEADER: "X Real IP" }, "CLIENT_IP_HEADER must be an HTTP header name"],
    [{ CLIENT_IP_HEADER: "X-Real-IP", TRUSTED_PROXY_HOPS: "1" }, "set either TRUSTED_PROXY_HOPS (X-Forwarded-For) or CLIENT_IP_HEADER, not both"],
    [{ ALLOW_PRIVATE_WEBHOOKS: "maybe" }, 'ALLOW_PRIVATE_WEBHOOKS must be 1 or 0 (got "maybe")'],
  ])("rejects %o with one clear line", (env, message) => {
    const cwd = tmp();
    expect(() => parseConfig({ PATH: "", ...env }, cwd)).toThrowError(ConfigError);
    expect(() => parseConfig({ PATH: "", ...env }, cwd)).toThrowError(message);
  });

  it("the response cache root: DATA_DIR/response-cache by default (created), else a folder that must exist", () => {
    const cwd = tmp();
    const defaults = parseConfig({ PATH: "" }, cwd);
    expect(defaults.responseCacheRoot).toBe(path.join(cwd, "data", "response-cache"));
    expect(fs.statSync(defaults.responseCacheRoot).isDirectory()).toBe(true);
    fs.mkdirSync(path.join(cwd, "shared-cache"));
    expect(parseConfig({ PATH: "", LMMS_EVAL_CACHE_ROOT: "shared-cache" }, cwd).responseCacheRoot).toBe(path.join(cwd, "shared-cache"));
    expect(() => parseConfig({ PATH: "", LMMS_EVAL_CACHE_ROOT: "nope" }, cwd)).toThrowError(`LMMS_EVAL_CACHE_ROOT: "${path.join(cwd, "nope")}" is missing`);
  });
});
