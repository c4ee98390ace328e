import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can, type RunAcl } from "@/lib/auth/permissions";

const OWNER = 1;
const person = (id: number, role: Role): Actor => ({ id, email: `${id}@x.org`, name: String(id), role });
const privateRun = (share: RunAcl["sharePermission"] = null): RunAcl => ({ createdById: OWNER, visibility: "private", sharePermission: share });

// Who × what on a PRIVATE run. read = view the run, its samples and comments (and join its socket room).
const MATRIX: Array<[string, Actor, RunAcl, { read: boolean; comment: boolean; cancel: boolean; share: boolean }]> = [
  ["owner", person(OWNER, "member"), privateRun(), { read: true, comment: true, cancel: true, share: true }],
  ["admin", person(9, "admin"), privateRun(), { read: true, comment: true, cancel: true, share: true }],
  ["shared with view", person(2, "member"), privateRun("view"), { read: true, comment: false, cancel: false, share: false }],
  ["shared with comment", person(2, "member"), privateRun("comment"), { read: true, comment: true, cancel: false, share: false }],
  ["shared with control", person(2, "member"), privateRun("control"), { read: true, comment: true, cancel: true, share: false }],
  ["shared with comment (viewer role)", person(3, "viewer"), privateRun("comment"), { read: true, comment: true, cancel: false, share: false }],
  ["team member, not shared", person(4, "member"), privateRun(), { read: false, comment: false, cancel: false, share: false }],
  ["viewer role, not shared", person(5, "viewer"), privateRun(), { read: false, comment: false, cancel: false, share: false }],
  ["outsider", person(6, "member"), privateRun(), { read: false, comment: false, cancel: false, share: false }],
];

describe("private runs: the permission matrix", () => {
  for (const [who, actor, acl, expected] of MATRIX) {
    it(who, () => {
      expect({
        read: can.viewRun(actor, acl),
        comment: can.commentRun(actor, acl),
        cancel: can.controlRun(actor, acl),
        share: can.shareRun(actor, acl),
      }).toEqual(expected);
    });
  }

  it("team runs: everyone reads, members and admins discuss, only owner/admin control", () => {
    const team: RunAcl = { createdById: OWNER, visibility: "team", sharePermission: null };
    expect(can.viewRun(person(5, "viewer"), team)).toBe(true);
    expect(can.commentRun(person(5, "viewer"), team)).toBe(false);
    expect(can.commentRun(person(4, "member"), team)).toBe(true);
    expect(can.controlRun(person(4, "member"), team)).toBe(false);
  });
});
