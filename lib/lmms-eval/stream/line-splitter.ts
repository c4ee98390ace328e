import { StringDecoder } from "node:string_decoder";

export type SegmentTerminator = "\n" | "\r" | "eof";

export type LineSplitter = {
  push(chunk: Buffer): void;
  end(): void;
};

/**
 * Byte stream → text segments ended by `\n`, `\r` (`\r\n` counts as one `\n`) or end of stream.
 *
 * tqdm redraws with `\r` and only writes `\n` when a bar closes, so one "line" can grow without bound
 * (docs/LMMS-EVAL-BEHAVIOUR.md §tqdm; lmms-eval's own UI crashes on it after 64 KiB, §own-ui). Unterminated text is therefore kept as a list of
 * parts and joined once, which keeps a multi-megabyte segment O(n) with no length limit.
 */
export function createLineSplitter(onSegment: (text: string, terminator: SegmentTerminator) => void): LineSplitter {
  const decoder = new StringDecoder("utf8");
  const terminatorPattern = /[\r\n]/g;
  let pendingParts: string[] = [];
  // A `\r` that ended the previous chunk: it is only known to be `\r\n` once the next chunk arrives.
  let carriageReturnPending = false;

  const emit = (tail: string, terminator: SegmentTerminator) => {
    pendingParts.push(tail);
    const text = pendingParts.length === 1 ? pendingParts[0] : pendingParts.join("");
    pendingParts = [];
    onSegment(text, terminator);
  };

  const consume = (text: string) => {
    let start = 0;
    if (carriageReturnPending && text.length > 0) {
      carriageReturnPending = false;
      if (text[0] === "\n") {
        emit("", "\n");
        start = 1;
      } else {
        emit("", "\r");
      }
    }
    terminatorPattern.lastIndex = start;
    for (let match = terminatorPattern.exec(text); match; match = terminatorPattern.exec(text)) {
      const at = match.index;
      if (text[at] === "\n") {
        emit(text.slice(start, at), "\n");
        start = at + 1;
      } else if (at + 1 === text.length) {
        pendingParts.push(text.slice(start, at));
        carriageReturnPending = true;
        start = text.length;
      } else if (text[at + 1] === "\n") {
        emit(text.slice(start, at), "\n");
        start = at + 2;
        terminatorPattern.lastIndex = start;
      } else {
        emit(text.slice(start, at), "\r");
        start = at + 1;
      }
    }
    if (start < text.length) pendingParts.push(text.slice(start));
  };

  return {
    push(chunk) {
      consume(decoder.write(chunk));
    },
    end() {
      consume(decoder.end());
      if (carriageReturnPending) {
        carriageReturnPending = false;
        emit("", "\r");
      }
      if (pendingParts.length > 0) emit("", "eof");
    },
  };
}
