// Plain ESM JavaScript on purpose: the supervisor (scripts/lib/supervisor.mjs) runs under plain node, before and
// without tsx, and must print the same lines as the web process and the worker. Types: log.d.mts.
import { StringDecoder } from "node:string_decoder";
import { formatWithOptions } from "node:util";

/** A line this module already stamped (time, then the tag): stampProcessOutput passes it through unchanged. */
const STAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[/;

/**
 * Every line of `text` starting with its ISO time and the process or area that printed it, so that lines of the web
 * process, the worker and the supervisor (mixed in one terminal or journal) can be placed in time.
 *
 * @param {string} tag
 * @param {string} text
 * @param {Date} at
 * @returns {string}
 */
export function formatLogLines(tag, text, at) {
  const prefix = `${at.toISOString()} [${tag}] `;
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  return lines.map((line) => prefix + line).join("\n") + "\n";
}

/**
 * @typedef {{ write(chunk: string): unknown }} LogSink
 * @typedef {(...args: unknown[]) => void} LogMethod
 * @typedef {{ info: LogMethod, warn: LogMethod, error: LogMethod }} Logger
 */

/**
 * A logger for one process or area (`web`, `worker`, `api`, …). Arguments are formatted like console.log's (an
 * Error prints its stack); info goes to stdout, warnings and errors to stderr. The methods are bound, so
 * `logger.info` can be handed on as a plain `(message) => void`.
 *
 * @param {string} tag
 * @param {{ stdout?: LogSink, stderr?: LogSink, now?: () => Date }} [options]
 * @returns {Logger}
 */
export function createLogger(tag, options = {}) {
  const now = options.now ?? (() => new Date());
  /** @param {() => LogSink} sink @returns {LogMethod} */
  const to = (sink) => (...args) => {
    sink().write(formatLogLines(tag, formatWithOptions({ colors: false }, ...args), now()));
  };
  // Looked up at each call: the process streams may be wrapped by stampProcessOutput after this logger was made.
  return { info: to(() => options.stdout ?? process.stdout), warn: to(() => options.stderr ?? process.stderr), error: to(() => options.stderr ?? process.stderr) };
}

/**
 * Wraps a stream's write so that every line it carries starts with the time and `tag`, unless a logger already
 * stamped it. Lines may arrive in pieces: only the start of a line is stamped.
 *
 * @param {NodeJS.WriteStream} stream
 * @param {string} tag
 * @param {() => Date} now
 */
function stampStream(stream, tag, now) {
  const write = stream.write.bind(stream);
  const decoder = new StringDecoder("utf8");
  let atLineStart = true;
  /** @type {any} */ (stream).write = (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) => {
    const done = typeof encoding === "function" ? encoding : callback;
    const text = typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk));
    let out = "";
    for (const piece of text.split(/(?<=\n)/)) {
      if (piece === "") continue;
      out += atLineStart && !STAMPED.test(piece) ? `${now().toISOString()} [${tag}] ${piece}` : piece;
      atLineStart = piece.endsWith("\n");
    }
    return write(out, done);
  };
}

/**
 * Makes every line this process prints carry the time: our loggers stamp their own lines, and what libraries write
 * on their own (Next's request log and errors, a dependency's warning, console.* anywhere) is stamped with `tag`.
 * Call once, first thing in an entry point. Returns the process's logger.
 *
 * @param {string} tag
 * @param {{ now?: () => Date }} [options]
 * @returns {Logger}
 */
export function stampProcessOutput(tag, options = {}) {
  const now = options.now ?? (() => new Date());
  stampStream(process.stdout, tag, now);
  stampStream(process.stderr, tag, now);
  return createLogger(tag, { now });
}
