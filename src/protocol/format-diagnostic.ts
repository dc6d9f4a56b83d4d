/**
 * The one printed form of a diagnostic, used by the logger (engine log lines), the CLI (a fatal
 * error) and the demo overlay, so a diagnostic reads the same everywhere:
 *
 * ```
 *  TF5001 Logic.update: game code threw in update; got Error: boom. The frame went on; fix the script (tick 3). at file:///game/main.js:12:7 [update, tick 3] -> docs/errors/TF5001.md
 *  ^code  ^message (never carries the code or the location)                                                   ^location, once  ^phase, tick     ^where to read more
 * ```
 * The code is printed once, the location once (from the file/line/column fields; omitted when the
 * file is unknown, line and column when 0), then the phase and tick when known, a repeat count when
 * the logger thins out a flood, and last the page of the code (`docs/errors/<code>.md`; only for
 * twinframe's own TFnnnn codes, a script's own code has no page).
 */
/** The fields formatDiagnostic reads (a Diagnostic, an EngineDiagnostic, or a thrown error's parts). */
export interface FormattableDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly phase?: string;
  readonly tick?: number;
}

/** Where the page of `code` lives (twinframe's TFnnnn codes only; '' for others). */
export function errorDocPath(code: string): string {
  return /^TF\d{4}$/.test(code) ? `docs/errors/${code}.md` : '';
}

/**
 * `<code> <message> at <file>:<line>:<column> [<phase>, tick <tick>] [#<count> of <code>] -> docs/errors/<code>.md`,
 * each part only when known; `count` > 1 marks a repeated code. Allocates; error path only.
 */
export function formatDiagnostic(d: FormattableDiagnostic, count = 1): string {
  let out = d.code === '' ? d.message : `${d.code} ${d.message}`;
  if (d.file) {
    out += ` at ${d.file}`;
    if (d.line) out += d.column ? `:${d.line}:${d.column}` : `:${d.line}`;
  }
  if (d.phase) out += d.tick !== undefined && d.tick >= 0 ? ` [${d.phase}, tick ${d.tick}]` : ` [${d.phase}]`;
  if (count > 1) out += ` [#${count} of ${d.code}]`;
  const doc = errorDocPath(d.code);
  return doc === '' ? out : `${out} -> ${doc}`;
}
