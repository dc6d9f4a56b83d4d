/**
 * Loading the game module with the injected `importGame(url)`, and turning a failure (missing
 * file, syntax error, a throw while the module evaluates) into a TF5041 diagnostic with the file,
 * line and column where the platform reveals them: a stack frame of the game, Node's
 * `file:///x.js:LINE` header of a syntax error, or the module path of a resolution error.
 */
import type { Diagnostic } from '../protocol/diagnostic-queue.ts';
import { locateStack } from '../platform/worker-host.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { RUNTIME_FRAME, stripInternalFrames } from './script-guard.ts';
import { formatValue } from '../protocol/value-format.ts';

/** The result of loading: the module namespace, or the failure as a diagnostic. */
export type GameLoadResult = { readonly ok: true; readonly module: unknown } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Where a load error points: file, line, column ('' and 0 when unknown). Allocates; error path. */
export function locateLoadError(error: unknown, url: string): { file: string; line: number; column: number } {
  const e = error instanceof Error ? error : undefined;
  const stack = e?.stack ?? '';
  // Node prints a syntax error of an ES module as "file:///path/game.js:12\n<source line>\n   ^\n\nSyntaxError: ...".
  const lines = stack.split('\n');
  const header = /^((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^\s]*?):(\d+)\s*$/.exec(lines[0] ?? '');
  if (header !== null) {
    const caret = lines[2] !== undefined ? lines[2].indexOf('^') : -1;
    return { file: header[1]!, line: Number(header[2]), column: caret >= 0 ? caret + 1 : 0 };
  }
  if (e !== undefined && (e instanceof SyntaxError || (e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' || /import|module/i.test(e.message) && !/\n\s+at .*:\d+:\d+/.test(stripInternalFrames(stack)))) {
    // The stack shows the loader, not the game: name the module (the missing one when the message says).
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(e.message);
    return { file: missing !== null ? missing[1]! : url, line: 0, column: 0 };
  }
  const frames = stripInternalFrames(stack);
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  for (const line of frames.split('\n')) {
    if (!line.includes(path)) continue;
    const at = locateStack(line);
    if (at.file !== '') return at;
  }
  const at = locateStack(frames, RUNTIME_FRAME);
  if (at.file !== '' && !RUNTIME_FRAME.test(at.file)) return at;
  return { file: url, line: 0, column: 0 };
}

/** Imports the game at `url`; never throws (a failure is returned as a TF5041 diagnostic). */
export async function loadGameModule(url: string, importGame: (url: string) => Promise<unknown>, tick: number): Promise<GameLoadResult> {
  try {
    return { ok: true, module: await importGame(url) };
  } catch (error) {
    const where = locateLoadError(error, url);
    const e = error instanceof Error ? error : undefined;
    const what = e ? `${e.name}: ${e.message}` : `a non-Error value ${formatValue(error)}`;
    return {
      ok: false,
      diagnostic: {
        code: LOGIC_CODES.GAME_LOAD_FAILED.code,
        severity: 'fatal',
        message: `Logic.load: the game module could not be loaded; got ${what}. Fix the error in the game module (or its path: ${url}) and start again.`,
        file: where.file, line: where.line, column: where.column,
        stack: e?.stack ?? '', phase: 'load', tick,
      },
    };
  }
}
