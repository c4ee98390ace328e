export type LogSink = { write(chunk: string): unknown };
export type LogMethod = (...args: unknown[]) => void;
export type Logger = { info: LogMethod; warn: LogMethod; error: LogMethod };

export function formatLogLines(tag: string, text: string, at: Date): string;
export function createLogger(tag: string, options?: { stdout?: LogSink; stderr?: LogSink; now?: () => Date }): Logger;
export function stampProcessOutput(tag: string, options?: { now?: () => Date }): Logger;
