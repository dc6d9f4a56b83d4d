/**
 * One error type for every layer (style G10).
 *
 * Messages follow `<Layer>.<op>: <what was wrong>; got <value>, expected <constraint>. <what to do>`.
 * Every error carries a stable `code` (`TF1001`...) documented in `docs/errors/<code>.md`; tests
 * assert on the code, never on the prose. Codes are grouped by the layer that raises them:
 * TF1xxx shared-memory, TF2xxx protocol, TF3xxx platform, TF4xxx engine, TF5xxx logic, TF6xxx cli.
 */

/** Severity of a diagnostic or error: `fatal` means the subsystem that raised it stopped. */
export type Severity = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

/** What a code means, for the registry and the generated docs check. */
export interface ErrorCodeInfo {
  /** Stable code, `TF` followed by four digits. */
  readonly code: string;
  /** Short UPPER_SNAKE name, e.g. `RING_RECORD_TOO_LARGE`. */
  readonly name: string;
  /** One sentence: what it means. */
  readonly summary: string;
  /** Default severity when reported as a diagnostic. */
  readonly severity: Severity;
}

/**
 * An error with a stable code. Thrown only at edges (constructors, allocators, API entry points);
 * the middle of a frame returns status instead (style G11).
 */
export class TwinframeError extends Error {
  /** The stable code, e.g. `TF1001`. */
  readonly code: string;
  /** The message without the code (`message` is `[code] text`): what formatDiagnostic prints after the code. */
  readonly text: string;
  /** Extra structured data (the offending values), safe to serialise. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(`[${code}] ${message}`);
    this.name = 'TwinframeError';
    this.code = code;
    this.text = message;
    this.details = details;
  }
}

/** True when `e` is a TwinframeError with the given code (or any code when `code` is omitted). */
export function isTwinframeError(e: unknown, code?: string): e is TwinframeError {
  return e instanceof TwinframeError && (code === undefined || e.code === code);
}
