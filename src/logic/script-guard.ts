/**
 * Containment of game code (style G11, the seed's HandleJSException): every call into game code
 * goes through a dispatcher that catches, turns the error into a coded diagnostic (code, message,
 * file, line, column, stack, phase, tick, system id) and lets the frame go on. Diagnostics are
 * written as diagnostic records through a SpillingRingWriter (src/shared-memory/ring-spill.ts) in
 * front of the diagnostics queue's ring: when the ring is full they wait in its spill area, in
 * order, and `retry()` (each frame) copies them into the ring.
 */
import { DIAGNOSTIC_RECORD_TYPE, diagnosticPayloadBytes, encodeDiagnostic } from '../protocol/diagnostic-queue.ts';
import type { Diagnostic, DiagnosticWriter } from '../protocol/diagnostic-queue.ts';
import { SpillingRingWriter } from '../shared-memory/ring-spill.ts';
import { formatValue } from '../protocol/value-format.ts';
import type { Phase } from '../protocol/control-block.ts';
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

/** Catches and reports game errors; owns the logic side of the diagnostics queue. Logic thread only. */
export class ScriptGuard {
  /** The diagnostics ring's producer end, with its spill (counters: spilledRecords, spillEpisodes...). */
  readonly spill: SpillingRingWriter;
  /** The logic tick stamped on diagnostics. */
  tick = 0;
  /** The phase stamped on console output and errors raised outside a dispatcher. */
  phase: Phase = 'load';
  /** The system running now (stamped on console output), or undefined. */
  systemId: string | undefined = undefined;

  constructor(writer: DiagnosticWriter) {
    this.spill = new SpillingRingWriter(writer.ring);
  }

  /** Reports `error` thrown by game code in `phase` (and system `systemId`). Allocates; error path. */
  scriptError(phase: Phase, systemId: string | undefined, error: unknown, code: string = LOGIC_CODES.SCRIPT_ERROR.code): void {
    const e = error instanceof Error ? error : undefined;
    const stack = e?.stack ?? '';
    const where = locateStack(stripInternalFrames(stack), RUNTIME_FRAME);
    const what = e ? `${e.name}: ${e.message}` : `a non-Error value ${formatValue(error)}`;
    const reportCode = isTwinframeError(error) ? error.code : code;
    const who = systemId === undefined ? phase : `${phase} of system "${systemId}"`;
    // The location travels once, as the file/line/column fields; formatDiagnostic prints it.
    this.emit({
      code: reportCode,
      severity: 'error',
      message: `Logic.${phase}: game code threw in ${who}; got ${what}. The frame went on; fix the script (tick ${this.tick}).`,
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

  /** Sends one diagnostic now, or keeps it (in order) in the spill when the queue is full. */
  emit(d: Diagnostic): void {
    const s = this.spill;
    const off = s.reserve(DIAGNOSTIC_RECORD_TYPE, diagnosticPayloadBytes(d));
    encodeDiagnostic(s, off, d);
    s.commit();
    s.publish();
  }

  /** Sends kept diagnostics, in order, as far as the queue has room; returns how many still wait. */
  retry(): number {
    return this.spill.drain();
  }
}
