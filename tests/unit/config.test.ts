import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { splitCommandLine } from "@/lib/lmms-eval/resolve-command";

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("parseConfig", () => {
  it("works with zero configuration and generates secrets once", () => {
    const cwd = tmp();
    const a = parseConfig({ PATH: "" }, cwd);
    expect(a.port).toBe(3000);
    expect(a.dataDir).toBe(path.join(cwd, "data"));
    expect(a.databasePath).toBe(path.join(cwd, "data", "dashboard.db"));
    expect(a.maxConcurrentRuns).toBe(1);
    expect(a.lmmsEvalCommand).toEqual(["python3", "-m", "lmms_eval"]);
    expect(a.nextAuthSecret.length).toBeGreaterThan(30);
    expect(fs.statSync(path.join(cwd, "data", "secrets.json")).mode & 0o777).toBe(0o600);
    const b = parseConfig({ PATH: "" }, cwd);
    expect(b.nextAuthSecret).toBe(a.nextAuthSecret);
    expect(b.encryptionKey.equals(a.encryptionKey)).toBe(true);
  });

  it.each([
    [{ PORT: "abc" }, "PORT must be an integer between 1 and 65535"],
    [{ PORT: "70000" }, "PORT must be an integer"],
    [{ MAX_CONCURRENT_RUNS: "0" }, "MAX_CONCURRENT_RUNS must be a positive integer"],
    [{ ADMIN_EMAIL: "nope" }, "ADMIN_EMAIL must be an e-mail address"],
    [{ ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD must be at least 8 characters"],
    [{ NEXTAUTH_URL: "localhost:3000" }, "NEXTAUTH_URL must be an http(s) URL"],
    [{ GPU_SLOTS: "0;x" }, "GPU_SLOTS must be CUDA device lists"],
    [{ LMMS_EVAL_CMD: "python3 'unclosed" }, "LMMS_EVAL_CMD has an unclosed ' quote"],
  ])("rejects %o with one clear line", (env, message) => {
    const cwd = tmp();
    expect(() => parseConfig({ PATH: "", ...env }, cwd)).toThrowError(ConfigError);
    expect(() => parseConfig({ PATH: "", ...env }, cwd)).toThrowError(message);
  });

  it("uses LMMS_EVAL_CMD, then the setup record, then PATH", () => {
    const cwd = tmp();
    expect(parseConfig({ PATH: "", LMMS_EVAL_CMD: '/opt/venv/bin/python -m lmms_eval' }, cwd).lmmsEvalCommand).toEqual([
      "/opt/venv/bin/python",
      "-m",
      "lmms_eval",
    ]);
    const bin = path.join(cwd, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "lmms-eval"), "#!/bin/sh\n", { mode: 0o755 });
    expect(parseConfig({ PATH: bin }, cwd)).toMatchObject({ lmmsEvalCommand: ["lmms-eval"], lmmsEvalCommandSource: "path" });
    fs.writeFileSync(path.join(cwd, "data", "lmms-eval.json"), JSON.stringify({ command: ["/d/venv/bin/python", "-m", "lmms_eval"] }));
    expect(parseConfig({ PATH: bin }, cwd)).toMatchObject({ lmmsEvalCommand: ["/d/venv/bin/python", "-m", "lmms_eval"], lmmsEvalCommandSource: "setup" });
  });

  it("reads single sign-on from OIDC_*: all or nothing, https except on localhost, openid and email scopes", () => {
    const cwd = tmp();
    const sso = { OIDC_ISSUER: "https://login.example.org/realms/lab/", OIDC_CLIENT_ID: "dashboard", OIDC_CLIENT_SECRET: "s3cret" };
    expect(parseConfig({ PATH: "" }, cwd).oidc).toBeNull();
    expect(parseConfig({ PATH: "", ...sso }, cwd).oidc).toEqual({
      issuer: "https://login.example.org/realms/lab",
      clientId: "dashboard",
      clientSecret: "s3cret",
      name: "single sign-on",
      scopes: ["openid", "email", "profile"],
    });
    expect(parseConfig({ PATH: "", ...sso, OIDC_ISSUER: "http://localhost:4000", OIDC_NAME: "Keycloak", OIDC_SCOPES: "openid email groups" }, cwd).oidc).toMatchObject({
      issuer: "http://localhost:4000",
      name: "Keycloak",
      scopes: ["openid", "email", "groups"],
    });
    const refused: Array<[Record<string, string>, string]> = [
      [{ OIDC_CLIENT_ID: "dashboard" }, "OIDC_CLIENT_ID is set but OIDC_ISSUER is not"],
      [{ ...sso, OIDC_ISSUER: "login.example.org" }, "OIDC_ISSUER must be the provider's issuer URL"],
      [{ ...sso, OIDC_ISSUER: "http://login.example.org" }, "OIDC_ISSUER must be an https URL (plain http only on localhost)"],
      [{ ...sso, OIDC_CLIENT_ID: "" }, "OIDC_CLIENT_ID is required with OIDC_ISSUER"],
      [{ ...sso, OIDC_CLIENT_SECRET: "" }, "OIDC_CLIENT_SECRET is required with OIDC_ISSUER"],
      [{ ...sso, OIDC_SCOPES: "openid profile" }, "OIDC_SCOPES must include openid and email"],
    ];
    for (const [env, message] of refused) expect(() => parseConfig({ PATH: "", ...env }, cwd), message).toThrowError(message);
  });

  it("splits commands without a shell", () => {
    expect(splitCommandLine(`"/path with space/python" -m lmms_eval`)).toEqual(["/path with space/python", "-m", "lmms_eval"]);
    expect(splitCommandLine(`["a b", "$(x)"]`)).toEqual(["a b", "$(x)"]);
    expect(() => splitCommandLine("   ")).toThrow("LMMS_EVAL_CMD is empty");
  });
});
