import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { getDb } from "@/lib/db";
import type { ServiceContext } from "@/lib/auth/actor";
import { getSessionContext } from "@/lib/auth/session";
import { createLogger } from "@/lib/log.mjs";
import { InvalidInputError, ServiceError } from "@/lib/services/errors";
import { fieldErrors } from "@/lib/services/validate";
import type { ActionState } from "./action-state";

const log = createLogger("action");

export type { ActionState } from "./action-state";

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    // Passwords and secrets are never echoed back into the page.
    if (typeof value === "string" && !/password|secret|token/i.test(key)) values[key] = value;
  }
  return values;
}

/**
 * Forms that post structured input send it as one JSON field. Anything unreadable is the same clear message, never a
 * crash; the service validates the shape.
 */
export function readJsonPayload(formData: FormData, field = "payload"): unknown {
  const raw = formData.get(field);
  try {
    return JSON.parse(typeof raw === "string" ? raw : "");
  } catch {
    throw new InvalidInputError("The form could not be read; reload the page and try again");
  }
}

export function toActionError(error: unknown, requestId: string): ActionState {
  if (error instanceof ServiceError) return { ok: false, message: error.message, fields: error.fields };
  if (error instanceof ZodError) return { ok: false, message: error.issues[0].message, fields: fieldErrors(error) };
  log.error(`request ${requestId} failed:`, error);
  return { ok: false, message: `Something went wrong on the server (request ${requestId})` };
}

/**
 * Wraps a server action: authenticates inside the action (the proxy is never the guard), runs the service and maps
 * errors to field messages. Redirects/revalidation belong in `after`, outside the try/catch, because Next
 * implements redirect() by throwing.
 */
export function sessionAction<T>(
  run: (args: { ctx: ServiceContext; db: DB; formData: FormData }) => Promise<T> | T,
  after?: (data: T) => void,
  /** `forTwoFactorSetup`: also for a session the security policy holds on the two-factor set-up page. */
  opts: { forTwoFactorSetup?: boolean } = {},
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState<T>> => {
    const requestId = randomUUID();
    let data: T;
    try {
      const ctx = await getSessionContext(opts);
      if (!ctx) return { ok: false, message: "Your session has ended. Sign in again." };
      data = await run({ ctx, db: getDb(), formData });
    } catch (error) {
      return { ...(toActionError(error, requestId) as ActionState<T>), values: formValues(formData) };
    }
    after?.(data);
    return { ok: true, data };
  };
}
