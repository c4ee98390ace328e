import { notFound } from "next/navigation";
import { InvalidInputError, NotFoundError, ServiceError } from "@/lib/services/errors";

/**
 * How a page loads what its URL names. Services throw their error vocabulary (lib/services/errors.ts); a page turns a
 * missing or malformed id into its 404, and lets anything unexpected reach its error boundary.
 */

/** The page's main object: not found (or an id that is not one) is the page's 404. */
export function loadOrNotFound<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidInputError) notFound();
    throw error;
  }
}

/** Something the page shows only if it exists (a run named in the query): null when not found. */
export function loadOrNull<T>(load: () => T): T | null {
  try {
    return load();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** A value, a problem to show, or (`problem: null` without a value) nothing asked for yet. */
export type Loaded<T> = { value: T; problem: null } | { value: null; problem: string | null };

/** What a page holds before the user has chosen what to compute. */
export const NOT_ASKED = { value: null, problem: null } as const;

/**
 * A computation the page asked for whose refusal is worth showing as it is ("pick two different runs"): the value, or
 * the service's message as a sentence.
 */
export function loadOrProblem<T>(load: () => T): Loaded<T> {
  try {
    return { value: load(), problem: null };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { value: null, problem: error.message.charAt(0).toUpperCase() + error.message.slice(1) };
  }
}
