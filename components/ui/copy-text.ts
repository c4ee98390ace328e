/**
 * Copies text to the clipboard. The Clipboard API exists only in secure contexts (https, localhost); a dashboard
 * reached over plain http on a lab network is not one, so fall back to a selected textarea and execCommand there.
 * Never throws: it answers whether the text reached the clipboard.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "0";
  area.style.opacity = "0";
  // Inside a modal everything outside the dialog is inert and cannot hold a selection: put the textarea beside the
  // button that asked.
  (previous?.closest("dialog") ?? document.body).appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  } finally {
    area.remove();
    previous?.focus();
  }
  return ok;
}

/** Selects an element's text, so that when copying failed the user only has to press Ctrl+C. */
export function selectContents(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
