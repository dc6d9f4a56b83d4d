/**
 * Containment of game code (style G11, the seed's HandleJSException): every call into game code
 * goes through a dispatcher that catches, turns the error into a coded diagnostic (code, message,
 * file, line, column, stack, phase, tick, system id) and lets the frame go on. Diagnostics go
 * through the diagnostics queue; when it is full they wait here, in order, and go next frame.
 */
import type { Diagnostic, DiagnosticWriter } from '../protocol/diagnostic-queue.ts';
import type { Severity } from '../shared-memory/twinframe-error.ts';
import { isTwinframeError } from '../shared-memory/twinframe-error.ts';
import { locateStack } from '../platform/worker-host.ts';
import { LOGIC_CODES } from './error-codes.ts';

/**
 * Stack frames of the runtime itself: a location is taken from the first frame outside them. Also
 * skips this file's own module (the worker bundle, when the runtime is bundled without source maps).
 */
export const RUNTIME_FRAME = new RegExp(
  String.raw`[\\/](?:src[\\/](?:logic|protocol|shared-memory|platform)|node_modules[\\/]twinframe)[\\/]|node:internal|<anonymous>` +
  String.raw`|^(?:file://)?` + escapeRegExp(selfModulePath()) + '$',
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function selfModulePath(): string {
  const url = import.meta.url;
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

/** `stack` without the frames of the host's internals (`node:internal/...`), which carry no game location. Allocates; error path. */
export function stripInternalFrames(stack: string): string {
  return stack.split('\n').filter((l) => !/\(node:|at node:|\(native\)/.test(l)).join('\n');
}

/** Counters of reported diagnostics. */
export interface GuardStats {
  readonly reported: number;
  readonly waiting: number;
  readonly byCode: Readonly<Record<string, number>>;
}

/** Catches and reports game errors; owns the logic side of the diagnostics queue. Logic thread only. */
export class ScriptGuard {
  private readonly writer: DiagnosticWriter;
  private readonly waiting: Diagnostic[] = [];
  private readonly byCode: Record<string, number> = {};
  private reported = 0;
  /** The logic tick stamped on diagnostics. */
  tick = 0;
  /** The phase stamped on console output and errors raised outside a dispatcher. */
  phase = 'load';
  /** The system running now (stamped on console output), or undefined. */
  systemId: string | undefined = undefined;

  constructor(writer: DiagnosticWriter) {
    this.writer = writer;
  }

  /** Reports `error` thrown by game code in `phase` (and system `systemId`). Allocates; error path. */
  scriptError(phase: string, systemId: string | undefined, error: unknown, code: string = LOGIC_CODES.SCRIPT_ERROR.code): void {
    const e = error instanceof Error ? error : undefined;
    const stack = e?.stack ?? '';
    const where = locateStack(stripInternalFrames(stack), RUNTIME_FRAME);
    const what = e ? `${e.name}: ${e.message}` : `a non-Error value ${describe(error)}`;
    const reportCode = isTwinframeError(error) ? error.code : code;
    const who = systemId === undefined ? phase : `${phase} of system "${systemId}"`;
    const at = where.file ? ` at ${where.file}:${where.line}:${where.column}` : '';
    this.emit({
      code: reportCode,
      severity: 'error',
      message: `Logic.${phase}: game code threw in ${who}; got ${what}${at}. The frame went on; fix the script (tick ${this.tick}).`,
      file: where.file, line: where.line, column: where.column, stack,
      phase, tick: this.tick,
      ...(systemId === undefined ? {} : { systemId }),
    });
  }

  /** Reports a runtime diagnostic with no exception behind it. Allocates; rare path. */
  report(code: string, severity: Severity, message: string, stack = ''): void {
    const where = stack ? locateStack(stripInternalFrames(stack), RUNTIME_FRAME) : { file: '', line: 0, column: 0 };
    this.emit({
      code, severity, message, file: where.file, line: where.line, column: where.column, stack,
      phase: this.phase, tick: this.tick,
      ...(this.systemId === undefined ? {} : { systemId: this.systemId }),
    });
  }

  /** Sends one diagnostic now, or keeps it (in order) when the queue is full. */
  emit(d: Diagnostic): void {
    this.reported++;
    this.byCode[d.code] = (this.byCode[d.code] ?? 0) + 1;
    if (this.waiting.length > 0 || !this.writer.write(d)) this.waiting.push(d);
  }

  /** Retries kept diagnostics, in order; returns how many still wait. */
  retry(): number {
    let n = 0;
    while (n < this.waiting.length && this.writer.write(this.waiting[n]!)) n++;
    if (n > 0) this.waiting.splice(0, n);
    return this.waiting.length;
  }

  /** Counters. Allocates. */
  stats(): GuardStats {
    return { reported: this.reported, waiting: this.waiting.length, byCode: { ...this.byCode } };
  }
}

/** A short printable form of any value. Allocates; error path only. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? Object.prototype.toString.call(value) : s.length > 200 ? `${s.slice(0, 200)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
