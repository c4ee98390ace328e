// CSI (colours, cursor moves, `\x1b[K`, …), OSC (titles, hyperlinks; ended by BEL or ST) and two-byte escapes.
const ANSI_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][\s\S]*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** loguru is configured with `colorize=True`, so stdout carries ANSI codes even when piped (docs/LMMS-EVAL-BEHAVIOUR.md §streams). */
export function stripAnsi(text: string): string {
  return text.includes("\x1b") ? text.replace(ANSI_SEQUENCE, "") : text;
}
