/**
 * Value lists a column is constrained to that browser code needs as well. This module imports nothing, so client-safe
 * modules (lib/*-view) can use it without pulling drizzle into the browser bundle; the schema builds its enums on it.
 */
export const SHARE_PERMISSIONS = ["view", "comment", "control"] as const;
export type SharePermission = (typeof SHARE_PERMISSIONS)[number];
