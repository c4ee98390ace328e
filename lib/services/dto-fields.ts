import { z } from "zod";

/** Field shapes many DTOs share (each DTO is a zod schema beside the service that builds it; the API documents them). */

export const IsoTimestamp = z.string().describe("ISO-8601 timestamp (UTC)");
export const JsonObject = z.record(z.string(), z.unknown());
/** Who made something, as shown next to it; null once the account is gone. */
export const PersonRef = z.strictObject({ id: z.number(), name: z.string() });
