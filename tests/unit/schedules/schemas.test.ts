import { describe, expect, it } from "vitest";
import { CreateScheduleInput, ScheduleFields, UpdateScheduleInput } from "@/lib/services/schedules/schemas";

const target = { type: "evaluation", modelVersionIds: [1], tasks: ["mme"] };

describe("schedule schemas: defaults belong to creation only", () => {
  it("an update carries only the fields sent (zod 4's .partial() would still fill in .default() values)", () => {
    expect(UpdateScheduleInput.parse({ scheduleId: "3", enabled: false })).toEqual({ scheduleId: 3, enabled: false });
    expect(UpdateScheduleInput.parse({ scheduleId: 3, name: " renamed " })).toEqual({ scheduleId: 3, name: "renamed" });
    // The PATCH body the API document is built from has no defaults either.
    expect(ScheduleFields.partial().parse({})).toEqual({});
  });

  it("creation still defaults to enabled, skip, skip", () => {
    expect(CreateScheduleInput.parse({ name: "n", cron: "0 2 * * *", timezone: "UTC", target })).toMatchObject({ enabled: true, overlap: "skip", misfire: "skip" });
  });

  it("an update still refuses bad values", () => {
    expect(UpdateScheduleInput.safeParse({ scheduleId: 1, overlap: "sometimes" }).success).toBe(false);
    expect(UpdateScheduleInput.safeParse({ scheduleId: 1, enabled: "yes" }).success).toBe(false);
  });
});
