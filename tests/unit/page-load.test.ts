import { describe, expect, it } from "vitest";
import { loadOrNotFound, loadOrNull, loadOrProblem } from "@/lib/page-load";
import { ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/services/errors";

const throwing = (error: Error) => () => {
  throw error;
};
/** Next's notFound() throws an error whose digest names the 404 fallback. */
const digestOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
  return undefined;
};

describe("page loads", () => {
  it("turns a missing or malformed id into the page's 404 and lets anything else through", () => {
    expect(loadOrNotFound(() => 7)).toBe(7);
    expect(digestOf(() => loadOrNotFound(throwing(new NotFoundError("Run #9"))))).toMatch(/404/);
    expect(digestOf(() => loadOrNotFound(throwing(new InvalidInputError("id must be a number"))))).toMatch(/404/);
    expect(() => loadOrNotFound(throwing(new ForbiddenError()))).toThrow(ForbiddenError);
    expect(() => loadOrNotFound(throwing(new Error("disk full")))).toThrow("disk full");
  });

  it("gives null for something optional that does not exist", () => {
    expect(loadOrNull(() => "run")).toBe("run");
    expect(loadOrNull(throwing(new NotFoundError("Run #9")))).toBeNull();
    expect(() => loadOrNull(throwing(new InvalidInputError("bad")))).toThrow(InvalidInputError);
  });

  it("shows a service's refusal as a sentence, and nothing else", () => {
    expect(loadOrProblem(() => 1)).toEqual({ value: 1, problem: null });
    expect(loadOrProblem(throwing(new InvalidInputError("pick two different runs")))).toEqual({ value: null, problem: "Pick two different runs" });
    expect(() => loadOrProblem(throwing(new TypeError("bug")))).toThrow(TypeError);
  });
});
