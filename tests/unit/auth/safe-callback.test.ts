import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

const ORIGIN = "http://dashboard.lab:3000";

// Values as the page receives them: already percent-decoded once by the router (`%5C` → `\`, `%09` → TAB).
const NASTY = [
  "/\\evil.example/x",
  "/\t/evil.example/y",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "//evil.example/x",
  "///evil.example",
  "/.//evil.example/x",
  "/..//evil.example",
  "/a/..//evil.example",
  "/%2e/%2e//evil.example",
  "https://evil.example/x",
  "http:/evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  " /runs",
  "runs/1",
  "",
];

describe("safeCallbackPath", () => {
  it.each(NASTY)("refuses %j and falls back to /", (value) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe("/");
  });

  it.each([
    ["/runs/12/samples?task=mme&correct=false#s-4", "/runs/12/samples?task=mme&correct=false#s-4"],
    ["/compare?runs=3,7", "/compare?runs=3,7"],
    ["/", "/"],
    ["/runs/../settings", "/settings"],
    // Still-encoded separators stay inert path characters on this origin.
    ["/%5Cevil.example/x", "/%5Cevil.example/x"],
    ["/%09/evil.example/y", "/%09/evil.example/y"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe(expected);
  });

  it("whatever it returns, a browser resolves on the app's own origin", () => {
    for (const value of [...NASTY, "/runs", "/%5C%5Cevil.example", "/?next=//evil.example"]) {
      expect(new URL(safeCallbackPath(value, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
    }
  });

  it("takes the first of repeated query values and ignores non-strings", () => {
    expect(safeCallbackPath(["/runs", "//evil.example"], ORIGIN)).toBe("/runs");
    expect(safeCallbackPath(["//evil.example", "/runs"], ORIGIN)).toBe("/");
    expect(safeCallbackPath(undefined, ORIGIN)).toBe("/");
    expect(safeCallbackPath(42, ORIGIN)).toBe("/");
  });
});
