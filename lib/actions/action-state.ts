/** What every server action returns to `useActionState` (house style 7). Client-safe: no server imports here. */
export type ActionState<T = unknown> = {
  ok: boolean;
  message?: string;
  fields?: Record<string, string[]>;
  data?: T;
  /** The submitted values, so a form can re-show them after an error (never passwords or secrets). */
  values?: Record<string, string>;
};

export const initialActionState: ActionState = { ok: false };
