/**
 * Loading the game module with the injected `importGame(url)`, and turning a failure (missing
 * file, syntax error, a throw while the module evaluates) into a TF5041 diagnostic with the file,
 * line and column where the platform reveals them: a stack frame of the game, Node's
 * `file:///x.js:LINE` header of a syntax error, or the module path of a resolution error; mapped
 * from the bundle back to the game's own file by an injected `GameSourceMapper`.
 */
import type { Diagnostic } from '../protocol/diagnostic-queue.ts';
import { locateStack } from '../platform/worker-host.ts';
import { LOGIC_CODES } from './error-codes.ts';
import { RUNTIME_FRAME, stripInternalFrames } from './script-guard.ts';
import { formatValue } from '../protocol/value-format.ts';
import { PROTOGAME_NATIVE_NAMES } from './protogame/install-protogame-host.ts';

/** The result of loading: the module namespace, or the failure as a diagnostic. */
export type GameLoadResult = { readonly ok: true; readonly module: unknown } | { readonly ok: false; readonly diagnostic: Diagnostic };

/**
 * Maps places in a bundled game module back to the game's own sources. The Node worker passes
 * one (platform/bundle-source-map.ts): Node maps a stack only when its source-map support was on
 * as the bundle was compiled, and an error with no game frame names no file at all.
 */
export interface GameSourceMapper {
  /** The original place of `line:column` (1-based) in the bundled module `file` (path or file: URL); undefined when unknown. */
  original(file: string, line: number, column: number): { file: string; line: number; column: number } | undefined;
  /** The game's own entry file of the bundled module at `file` (path or file: URL); undefined when unknown. */
  entry(file: string): string | undefined;
}

/**
 * Where a load error points: file, line, column ('' and 0 when unknown), in the game's own
 * sources when `mapper` can tell. Allocates; error path.
 */
export function locateLoadError(error: unknown, url: string, mapper?: GameSourceMapper): { file: string; line: number; column: number } {
  const e = error instanceof Error ? error : undefined;
  const stack = e?.stack ?? '';
  const mapped = (at: { file: string; line: number; column: number }): { file: string; line: number; column: number } =>
    mapper?.original(at.file, at.line, at.column) ?? at;
  // Node prints a syntax error of an ES module as "file:///path/game.js:12\n<source line>\n   ^\n\nSyntaxError: ...".
  const lines = stack.split('\n');
  const header = /^((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^\s]*?):(\d+)\s*$/.exec(lines[0] ?? '');
  if (header !== null) {
    const caret = lines[2] !== undefined ? lines[2].indexOf('^') : -1;
    return mapped({ file: header[1]!, line: Number(header[2]), column: caret >= 0 ? caret + 1 : 0 });
  }
  // A module that cannot be found: the stack shows the loader, not the game. Name the missing one.
  if (e !== undefined && (e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(e.message);
    return { file: missing !== null ? missing[1]! : mapper?.entry(url) ?? url, line: 0, column: 0 };
  }
  // A throw while the module evaluates (any error type, a runtime SyntaxError from JSON.parse
  // included): the first frame outside the runtime and Node's internals is the game's.
  for (const line of stripInternalFrames(stack).split('\n')) {
    if (!/^\s+at /.test(line)) continue;
    const at = locateStack(line);
    if (at.file !== '' && !RUNTIME_FRAME.test(at.file)) return mapped(at);
  }
  // No game frame at all: name the game.
  return { file: mapper?.entry(url) ?? url, line: 0, column: 0 };
}

/**
 * The remedy of a load failure: a ReferenceError naming one of the ProtogameJS3D natives, outside
 * the protogame host, is almost always a ProtogameJS3D script tree started without that host (its
 * scripts read `clock`, `entity`, ... as globals the host installs), so it says to pass it.
 */
function loadRemedy(error: unknown, game: string, host: string): string {
  const plain = `Fix the error in the game module (or its path: ${game}) and start again.`;
  if (host === 'protogame' || !(error instanceof ReferenceError)) return plain;
  const name = /^(\w+) is not defined$/.exec(error.message)?.[1];
  if (name === undefined || !(PROTOGAME_NATIVE_NAMES as readonly string[]).includes(name)) return plain;
  return `\`${name}\` is one of the ProtogameJS3D natives: if ${game} is a ProtogameJS3D script tree, run it with --host protogame (the app option host: 'protogame'); see docs/protogame-host.md. Otherwise define \`${name}\` or fix the name.`;
}

/**
 * Imports the game at `url`; never throws (a failure is returned as a TF5041 diagnostic, located
 * in the game's own sources through `mapper` when given). `host` is the handshake's host profile
 * ('twinframe' by default): it only picks the remedy the message suggests.
 */
export async function loadGameModule(url: string, importGame: (url: string) => Promise<unknown>, tick: number, mapper?: GameSourceMapper, host = 'twinframe'): Promise<GameLoadResult> {
  try {
    return { ok: true, module: await importGame(url) };
  } catch (error) {
    const where = locateLoadError(error, url, mapper);
    const game = mapper?.entry(url) ?? url;
    const e = error instanceof Error ? error : undefined;
    const what = e ? `${e.name}: ${e.message}` : `a non-Error value ${formatValue(error)}`;
    return {
      ok: false,
      diagnostic: {
        code: LOGIC_CODES.GAME_LOAD_FAILED.code,
        severity: 'fatal',
        message: `Logic.load: the game module could not be loaded; got ${what}. ${loadRemedy(error, game, host)}`,
        file: where.file, line: where.line, column: where.column,
        stack: e?.stack ?? '', phase: 'load', tick,
      },
    };
  }
}
