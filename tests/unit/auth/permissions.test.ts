import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can, type Capability } from "@/lib/auth/permissions";

const actor = (role: Role, id = 1): Actor => ({ id, email: `${role}@x.org`, name: role, role });
const own = { createdById: 1 };
const others = { createdById: 99 };

// The whole role × capability matrix. For owned things: [own, someone else's].
const MATRIX: Record<Capability, Record<Role, boolean | [boolean, boolean]>> = {
  viewDashboard: { admin: true, member: true, viewer: true },
  launchRun: { admin: true, member: true, viewer: false },
  importResults: { admin: true, member: true, viewer: false },
  importFromServerPath: { admin: true, member: false, viewer: false },
  viewRun: { admin: [true, true], member: [true, true], viewer: [true, true] },
  commentRun: { admin: [true, true], member: [true, true], viewer: [true, false] },
  controlRun: { admin: [true, true], member: [true, false], viewer: [false, false] },
  shareRun: { admin: [true, true], member: [true, false], viewer: [true, false] },
  editOwned: { admin: [true, true], member: [true, false], viewer: [false, false] },
  manageSchedule: { admin: [true, true], member: [true, false], viewer: [false, false] },
  createOwned: { admin: true, member: true, viewer: false },
  manageUsers: { admin: true, member: false, viewer: false },
  manageSettings: { admin: true, member: false, viewer: false },
  viewAuditLog: { admin: true, member: false, viewer: false },
  manageOwnTokens: { admin: true, member: true, viewer: true },
  viewSystem: { admin: true, member: true, viewer: true },
};

describe("permission matrix", () => {
  it("covers every capability", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(can).sort());
  });
  for (const [capability, byRole] of Object.entries(MATRIX) as Array<[Capability, Record<Role, boolean | [boolean, boolean]>]>) {
    for (const [role, expected] of Object.entries(byRole) as Array<[Role, boolean | [boolean, boolean]]>) {
      it(`${role} ${capability}`, () => {
        const check = can[capability] as (a: Actor, thing?: { createdById: number | null }) => boolean;
        if (Array.isArray(expected)) {
          expect(check(actor(role), own)).toBe(expected[0]);
          expect(check(actor(role), others)).toBe(expected[1]);
        } else {
          expect(check(actor(role))).toBe(expected);
        }
      });
    }
  }
});
