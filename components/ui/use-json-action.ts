"use client";

import { startTransition, useActionState, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type SlotErrors = Partial<Record<string, string[]>> & { _form?: string[] };

/**
 * A form that posts structured input as one JSON field to a server action (read there with `readJsonPayload`): it
 * checks the input on the client first, sends it in a transition, and maps the server's field paths to the form's
 * own slots with `toSlots`. Client errors replace the server's until the next send; `onErrors` gets whichever errors
 * a refused submit produced (e.g. to focus the first field).
 */
export function useJsonAction<S extends SlotErrors, D = unknown>({
  action,
  validate,
  toSlots,
  field = "payload",
  onErrors,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  validate: () => { input: unknown; errors: S };
  toSlots: (fields: Record<string, string[]> | undefined) => S;
  field?: string;
  onErrors?: (errors: S) => void;
}) {
  const [state, submit, pending] = useActionState(action as (prev: ActionState<D>, formData: FormData) => Promise<ActionState<D>>, initialActionState as ActionState<D>);
  const [clientErrors, setClientErrors] = useState<S | null>(null);
  const submitted = useRef(false);
  const onErrorsRef = useRef(onErrors);
  onErrorsRef.current = onErrors;

  const errors = useMemo(() => clientErrors ?? (state.ok ? ({} as S) : toSlots(state.fields)), [clientErrors, state, toSlots]);

  useEffect(() => {
    if (!state.ok && state.fields && submitted.current) onErrorsRef.current?.(toSlots(state.fields));
  }, [state, toSlots]);

  const send = useCallback(
    (payload: unknown) => {
      setClientErrors(null);
      submitted.current = true;
      const formData = new FormData();
      formData.set(field, JSON.stringify(payload));
      startTransition(() => submit(formData));
    },
    [field, submit],
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const checked = validate();
    if (Object.keys(checked.errors).length) {
      setClientErrors(checked.errors);
      onErrorsRef.current?.(checked.errors);
      return;
    }
    send(checked.input);
  };

  /**
   * The form-level message: the server's, with the errors that belong to no field; none while the client's own
   * problems are shown beside their fields.
   */
  const message = !clientErrors && !state.ok ? [...new Set([state.message, ...(errors._form ?? [])].filter(Boolean))].join(" ") || null : null;
  return { state, pending, errors, clientErrors, message, onSubmit, send };
}
