"use client";

import { X } from "lucide-react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Opens `ref`'s native <dialog> as a modal while `open` is true: the page behind becomes inert, Escape closes it (the
 * dialog's own `close` event reports that) and focus returns to where it was. Focus starts on the element marked
 * `data-autofocus` (React's autoFocus runs before showModal, which would move focus to the first control again).
 * Shared by every modal.
 */
export function useModalDialog(open: boolean): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}

/**
 * Keeps Tab inside the dialog: from its last control back to its first and the other way round. The inert page
 * already stops focus from reaching it, but without this Tab would leave for the browser's own toolbar.
 */
export function trapTab(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== "Tab") return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
  if (controls.length === 0) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

const WIDTHS = { md: "w-[min(32rem,calc(100vw-2rem))]", lg: "w-[min(48rem,calc(100vw-2rem))]", xl: "w-[min(56rem,calc(100vw-2rem))]" } as const;

/**
 * A modal on the native <dialog>: labelled by its title (and described by its description), focus trapped, Escape or
 * a click on the backdrop closes it. Content is rendered only while open, so each opening starts from fresh form
 * state.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  actions,
  children,
  size = "md",
  bodyClassName,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** Buttons beside the close button (e.g. Copy). */
  actions?: ReactNode;
  children: ReactNode;
  size?: keyof typeof WIDTHS;
  /** Replaces the body's default padding. */
  bodyClassName?: string;
}) {
  const ref = useModalDialog(open);
  const titleId = useId();
  const descriptionId = useId();
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
      onKeyDown={trapTab}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={cn(
        "m-auto rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100",
        WIDTHS[size],
      )}
    >
      {open ? (
        <div className="flex max-h-[85vh] flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-3.5 dark:border-zinc-800">
            <div className="min-w-0">
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description ? (
                <div id={descriptionId} className="mt-0.5 text-xs text-zinc-500">
                  {description}
                </div>
              ) : null}
            </div>
            <div className="-mr-2 flex shrink-0 items-center gap-2">
              {actions}
              <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close" className="h-8 w-8 px-0">
                <X size={16} aria-hidden />
              </Button>
            </div>
          </div>
          <div className={cn("overflow-y-auto", bodyClassName ?? "px-5 py-4")}>{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

type TriggerProps = Omit<ButtonProps, "onClick" | "type" | "children">;

/**
 * A button that asks before it acts, in place of the browser's `confirm()` (which cannot be styled, blocks the page,
 * and is suppressed by some browsers). Inside a <form> without `onConfirm`, confirming submits that form — the dialog
 * is part of the form, so its hidden inputs and server action go with it.
 */
export function ConfirmButton({
  question,
  detail,
  confirmLabel,
  tone = "danger",
  onConfirm,
  renderTrigger,
  children,
  ...trigger
}: TriggerProps & {
  /** The dialog's heading: what is about to happen, as a question. */
  question: string;
  /** What follows from it. */
  detail?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  onConfirm?: () => void;
  /** A trigger that is not a kit Button (e.g. a link-like text button); receives the handler that opens the dialog. */
  renderTrigger?: (open: () => void) => ReactNode;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {renderTrigger ? (
        renderTrigger(() => setOpen(true))
      ) : (
        <Button {...trigger} type="button" onClick={() => setOpen(true)}>
          {children}
        </Button>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} title={question}>
        {detail ? <div className="text-sm text-zinc-700 dark:text-zinc-300">{detail}</div> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} data-autofocus>
            Keep it
          </Button>
          <Button
            type={onConfirm ? "button" : "submit"}
            variant={tone}
            onClick={() => {
              onConfirm?.();
              // Closed in a later task: a submit button's default action (submitting the form) must run first.
              setTimeout(() => setOpen(false));
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
