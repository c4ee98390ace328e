/**
 * One error vocabulary for every service (house style 8). Boundaries (server actions, route handlers, socket
 * handlers, the worker) map these once: code → HTTP status / form state. Anything else is an unexpected error whose
 * message is never shown to users.
 */
export const ERROR_CODES = [
  "invalid_input",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "unprocessable",
  "payload_too_large",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export class InvalidInputError extends ServiceError {
  constructor(message: string, fields?: Record<string, string[]>) {
    super("invalid_input", message, fields);
  }
}
export class UnauthorizedError extends ServiceError {
  constructor(message = "Authentication required") {
    super("unauthorized", message);
  }
}
export class ForbiddenError extends ServiceError {
  constructor(message = "You do not have permission to do this") {
    super("forbidden", message);
  }
}
export class NotFoundError extends ServiceError {
  constructor(what: string) {
    super("not_found", `${what} was not found`);
  }
}
export class ConflictError extends ServiceError {
  constructor(message: string, fields?: Record<string, string[]>) {
    super("conflict", message, fields);
  }
}
export class RateLimitedError extends ServiceError {
  constructor(message: string) {
    super("rate_limited", message);
  }
}
export class UnprocessableError extends ServiceError {
  constructor(message: string, fields?: Record<string, string[]>) {
    super("unprocessable", message, fields);
  }
}
export class PayloadTooLargeError extends ServiceError {
  constructor(message: string) {
    super("payload_too_large", message);
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
};
