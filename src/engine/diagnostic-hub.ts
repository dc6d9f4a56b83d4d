/**
 * Where every diagnostic of a running app ends up, from either thread: the engine's own (refused
 * commands, watchdog, publish failures) and the logic's (script errors, console output) drained
 * from the diagnostics queue. It counts them exactly by code, tells listeners (App
 * `on('diagnostic')`) and writes them to the logger (formatDiagnostic: the one printed form),
 * limiting repeats of one code (the first 20, then every 1000th, each with its count) so a flood
 * never floods the log.
 * Console output forwarded from the logic (TF5030) is always logged.
 */
import type { Diagnostic } from '../protocol/diagnostic-queue.ts';
import type { Phase } from '../protocol/control-block.ts';
import type { Severity } from '../shared-memory/twinframe-error.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import type { Logger, LogLevel } from '../platform/logger.ts';

/** A diagnostic as the app reports it. */
export interface EngineDiagnostic extends Diagnostic {
  /** Which thread produced it. */
  readonly source: 'engine' | 'logic';
  /** Engine frame when it was reported. */
  readonly engineFrame: number;
  /** Logic worker incarnation it concerns (1 for the first worker). */
  readonly incarnation: number;
}

export type DiagnosticListener = (d: EngineDiagnostic) => void;

const CONSOLE_CODE = 'TF5030';
const LOG_FIRST = 20;
const LOG_EVERY = 1000;
const LEVEL: Record<Severity, LogLevel> = { debug: 'debug', info: 'info', warning: 'warn', error: 'error', fatal: 'error' };

/** Counts, keeps and forwards diagnostics. Engine thread only. */
export class DiagnosticHub {
  total = 0;
  readonly byCode = new Map<string, number>();
  engineFrame = 0;
  incarnation = 1;
  private readonly listeners = new Set<DiagnosticListener>();

  constructor(private readonly logger: Logger) {}

  /** Calls `listener` with every later diagnostic; returns a function that unsubscribes it. */
  on(listener: DiagnosticListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports an engine diagnostic. Allocates (error path). */
  report(code: string, severity: Severity, message: string, phase: Phase, tick: number): void {
    this.emit({
      code, severity, message, file: '', line: 0, column: 0, stack: '', phase, tick,
      source: 'engine', engineFrame: this.engineFrame, incarnation: this.incarnation,
    });
  }

  /** Takes a diagnostic drained from the logic's diagnostics queue. */
  fromLogic(d: Diagnostic): void {
    this.emit({ ...d, source: 'logic', engineFrame: this.engineFrame, incarnation: this.incarnation });
  }

  /** Count of one code so far. */
  count(code: string): number {
    return this.byCode.get(code) ?? 0;
  }

  private emit(d: EngineDiagnostic): void {
    this.total++;
    const n = (this.byCode.get(d.code) ?? 0) + 1;
    this.byCode.set(d.code, n);
    if (d.code === CONSOLE_CODE) {
      this.logger.log(LEVEL[d.severity], 'logic', d.message);
    } else if (n <= LOG_FIRST || n % LOG_EVERY === 0) {
      this.logger.log(LEVEL[d.severity], d.source, formatDiagnostic(d, n));
      // Say once that the log thins out, so a quiet log never reads as "it stopped happening".
      if (n === LOG_FIRST) this.logger.log('info', d.source, `${d.code}: ${LOG_FIRST} reported; further ${d.code} are counted and printed every ${LOG_EVERY}th (exact counts: stats().diagnostics.by_code, or --json).`);
    }
    for (const listener of this.listeners) {
      try {
        listener(d);
      } catch (e) {
        // A listener's bug must not stop the engine; say so once per failure.
        this.logger.log('error', 'engine', `a diagnostic listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
