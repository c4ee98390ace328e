import { describe, expect, it } from "vitest";
import { auditEntryKind } from "@/lib/audit-view/actions";
import { auditExportHref, auditViewHref, filterOf, hasAuditFilters, parseAuditPage } from "@/lib/audit-view/url-state";

describe("the audit view's URL state", () => {
  it("keeps the filled filters and the page position, drops empty and unknown parameters", () => {
    const page = parseAuditPage({ user: " ana@lab.org ", action: "", object: ["run:12", "run:13"], from: "2026-03-01", cursor: "420", sort: "x" });
    expect(page).toEqual({ user: "ana@lab.org", object: "run:12", from: "2026-03-01", cursor: "420" });
    expect(filterOf(page)).toEqual({ user: "ana@lab.org", object: "run:12", from: "2026-03-01" });
    expect(hasAuditFilters(page)).toBe(true);
    expect(hasAuditFilters(parseAuditPage({ cursor: "3" }))).toBe(false);
  });

  it("builds the view's page links and the export link from the same filters", () => {
    const filter = { user: "ana+ops@lab.org", action: "user.sign_in" };
    expect(auditViewHref(filter, { cursor: 420 })).toBe("/settings/audit?user=ana%2Bops%40lab.org&action=user.sign_in&cursor=420");
    expect(auditViewHref({}, { after: 7 })).toBe("/settings/audit?after=7");
    expect(auditViewHref({})).toBe("/settings/audit");
    expect(auditExportHref(filter, "csv")).toBe("/api/v1/audit?user=ana%2Bops%40lab.org&action=user.sign_in&format=csv");
  });

  it("labels sign-ins, reads, secret use and new token addresses apart from plain changes", () => {
    expect(["user.sign_in", "user.sign_in_failed", "run.export_samples", "audit.export", "run.use_secrets", "api_token.new_address", "audit.prune", "run.create"].map(auditEntryKind)).toEqual([
      "sign-in",
      "failed sign-in",
      "read",
      "read",
      "secret use",
      "new address",
      "pruned",
      "change",
    ]);
  });
});
