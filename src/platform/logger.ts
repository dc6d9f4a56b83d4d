/**
 * The logger seam: where the engine writes human-readable lines (diagnostics, console output
 * forwarded from the logic thread, periodic warnings). `createConsoleLogger` writes to the
 * console; `MemoryLogger` keeps lines for tests; `silentLogger` drops them. A diagnostic is
 * written with `logDiagnostic`, in the one printed form (src/protocol/format-diagnostic.ts).
 */
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import type { FormattableDiagnostic } from '../protocol/format-diagnostic.ts';

/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Receives log lines. `source` says which thread or subsystem produced the line. */
export interface Logger {
  log(level: LogLevel, source: string, message: string): void;
}

/** Writes `d` to `logger` as one line (formatDiagnostic; `count` > 1 marks a repeated code). Allocates. */
export function logDiagnostic(logger: Logger, level: LogLevel, source: string, d: FormattableDiagnostic, count = 1): void {
  logger.log(level, source, formatDiagnostic(d, count));
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger over the platform console, dropping lines below `minLevel` (default `info`); with
 * `allToStderr` info and debug lines go to stderr too (stdout carries something else, e.g. a report).
 */
export function createConsoleLogger(minLevel: LogLevel = 'info', allToStderr = false): Logger {
  return {
    log(level: LogLevel, source: string, message: string): void {
      if (ORDER[level] < ORDER[minLevel]) return;
      const line = `[${source}] ${message}`;
      if (level === 'error') console.error(line);
      else if (level === 'warn' || allToStderr) console.warn(line);
      else console.log(line);
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log(): void {} };

/** One remembered line. */
export interface LogLine {
  readonly level: LogLevel;
  readonly source: string;
  readonly message: string;
}

/** Keeps every line in memory (tests). */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[] = [];

  log(level: LogLevel, source: string, message: string): void {
    this.lines.push({ level, source, message });
  }

  /** Lines whose message contains `text`. */
  matching(text: string): LogLine[] {
    return this.lines.filter((l) => l.message.includes(text));
  }
}
