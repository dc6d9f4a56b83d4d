/**
 * Builds the plain JavaScript modules a Node logic worker loads (with esbuild): the worker runtime
 * (once per process, cached on disk) and each game module with everything it imports, so the
 * worker starts in ~20 ms with no TypeScript loader, and relative imports, TypeScript and JSON in
 * a game just work. Inline source maps keep errors pointing at the game's own files and lines.
 * Failures become coded errors with the file and line of the problem (TF3010, TF3011, TF3012).
 * For host 'protogame' relative imports resolve without regard to letter case, as on Windows
 * where those script trees are written (case-insensitive-resolve.ts: TF3013 warnings, TF3014).
 * The cache keeps the newest few bundles of each entry (a hot reload writes one per save); the
 * folder is listed once per entry and process (bundle-cache-index.ts).
 * The runtime is a script run with V8's code cache behind a small loader (node-runtime-script.ts).
 */
import { build, version as esbuildVersion, type Message } from 'esbuild';
import { lowerChildProcessPriority } from './thread-priority.ts';
import { createHash } from 'node:crypto';
import { mkdirSync, existsSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LogicHostProfile } from '../protocol/handshake.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { useBundle } from './bundle-cache-index.ts';
import { caseInsensitiveResolve, caseProblem, type BundleProblem } from './case-insensitive-resolve.ts';
import { PLATFORM_CODES } from './error-codes.ts';
import { RUNTIME_SCRIPT_URL, runtimeCacheFile, runtimeLoaderSource, wrapRuntimeScript } from './node-runtime-script.ts';
import { sharedModulePlugin, type SharedModule } from './shared-module-plugin.ts';
import { manifestText, reusableBundle } from './runtime-bundle-reuse.ts';

export type { BundleProblem } from './case-insensitive-resolve.ts';
export type { SharedModule } from './shared-module-plugin.ts';

/** A bundled module on disk. */
export interface BundledModule {
  /** Absolute path of the bundle: `.cjs` (CommonJS; the runtime: its loader, node-runtime-script.ts) or `.mjs` (a game that awaits at top level). */
  readonly file: string;
  /** Its file: URL (what `import()` and `new Worker` take). */
  readonly url: string;
  /** Coded warnings of the build (TF3013: an import resolved without regard to letter case), once each. */
  readonly warnings: readonly BundleProblem[];
  /** Absolute paths of every source file the bundle was built from (esbuild's metafile inputs): what `--watch` watches. */
  readonly inputs: readonly string[];
  /** Whether esbuild ran for this call: false when the runtime's cached bundle was reused (runtime-bundle-reuse.ts). */
  readonly built: boolean;
}

/** Options of bundleForNodeWorker. */
export interface NodeBundleOptions {
  /** The game's host profile: 'protogame' resolves relative imports without regard to letter case. Default 'twinframe' (exact). */
  readonly host?: LogicHostProfile;
  /**
   * Run esbuild's service process (this process's child, shared by every bundle) at this nice
   * value or lower priority (Linux; 0 or absent: unchanged; thread-priority.ts): a build during a
   * hot reload then yields the cores to the engine thread. createNodeApp passes its `logicNice`.
   */
  readonly nice?: number;
  /**
   * A module the game bundle takes from the worker's runtime instead of copying it
   * (shared-module-plugin.ts); the runtime the bundle runs in must provide it. Games only.
   */
  readonly shared?: SharedModule;
}

/**
 * Bundles kept in the cache per entry (the same file, kind and host), the newest by last use: a
 * hot reload writes one per save, and a restarted worker loads its incarnation's bundle again, so
 * the last few stay (a running game's bundle is pruned only after this many newer ones of the
 * same game, all of which failed to take over).
 */
export const BUNDLES_KEPT_PER_ENTRY = 5;

/** Where bundles are written: `$TWINFRAME_CACHE_DIR`, else a per-user folder in the OS temp dir. */
export function bundleCacheDir(): string {
  const dir = process.env.TWINFRAME_CACHE_DIR ?? join(tmpdir(), `twinframe-cache-${process.getuid?.() ?? 'user'}`);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Bundles `entry` (a game module, or the worker runtime: a module exporting
 * `startNodeWorker(importGame)`; TypeScript or JavaScript) into one ES module for Node (the
 * runtime: a script and the ES module that loads it, node-runtime-script.ts). Throws TF3010 when the entry or an import cannot be found, TF3011 for a syntax
 * error, TF3014 for an import that two files differing only by case match (host 'protogame'),
 * TF3012 for any other failure; each message names the file, line and column.
 */
export async function bundleForNodeWorker(entry: string, kind: 'game' | 'runtime', options: NodeBundleOptions = {}): Promise<BundledModule> {
  const absolute = resolve(entry);
  if (!existsSync(absolute)) {
    throw new TwinframeError(
      PLATFORM_CODES.GAME_MODULE_NOT_FOUND.code,
      `bundle: the ${kind === 'game' ? 'game module' : 'logic runtime'} ${absolute} does not exist; got ${JSON.stringify(entry)}. Check the path (relative paths start at the current directory).`,
      { file: absolute, line: 0, column: 0 },
    );
  }
  let code: string;
  let warnings: BundleProblem[] = [];
  let inputs: string[] = [];
  const script = kind === 'runtime';
  const dir = bundleCacheDir();
  const prefix = `${kind}-${createHash('sha256').update(`${kind}\0${options.host ?? 'twinframe'}\0${absolute}`).digest('hex').slice(0, 12)}-`;
  // The runtime's inputs did not change since a build wrote it: no esbuild run (~90 ms a process).
  const manifestFile = join(dir, `${prefix}manifest.json`);
  const reused = script ? reusableBundle(manifestFile, RUNTIME_RECIPE, (f) => [f, scriptFileOf(f)]) : null;
  if (reused !== null) {
    touched(reused.file);
    const loader = runtimeLoaderSource(scriptFileOf(reused.file));
    if (readTextOrEmpty(reused.file) !== loader) writeAtomically(reused.file, loader);
    useBundle(dir, prefix, reused.file, BUNDLES_KEPT_PER_ENTRY, removeBundle);
    return { file: reused.file, url: pathToFileURL(reused.file).href, warnings: [], inputs: watchable(reused.inputs), built: false };
  }
  // CommonJS unless the game awaits at top level (then an ES module): a worker that requires its
  // game never starts Node's ES module loader (~6 ms of CPU at each worker start, measured).
  let format: 'cjs' | 'esm' = 'cjs';
  const bundle = (): ReturnType<typeof build<{ write: false; metafile: boolean }>> => build({
    entryPoints: [absolute],
    bundle: true,
    write: false,
    outfile: join(bundleCacheDir(), `${kind}.mjs`),
    // The runtime: a CommonJS body the loader runs as a script (V8 caches a script's code, not an ES module's).
    format,
    define: script ? { 'import.meta.url': RUNTIME_SCRIPT_URL } : format === 'cjs' ? { 'import.meta': GAME_IMPORT_META } : {},
    platform: 'node',
    target: 'node20',
    // Game bundles carry inline source maps (stacks point at the game's own lines); the runtime's
    // would be ~800 KB that Node parses at every worker start, so it has none.
    sourcemap: kind === 'game' ? 'inline' : false,
    // Positions only: with source maps on, Node decodes, parses and scans (line lengths) the whole
    // inline map of every module it compiles, at each worker start; the sources' text in it
    // (~3x the map) is read by nothing (stacks and load errors need positions only).
    sourcesContent: false,
    // The runtime is parsed at every worker start: minified it is ~3x smaller.
    minify: kind === 'runtime',
    logLevel: 'silent',
    // The module graph actually bundled (relative to the working directory): hot reload watches it.
    metafile: true,
    // The game and the runtime are separate bundles: each keeps its own copy of what it imports,
    // but for the shared module (options.shared: the runtime's twinframe/logic).
    // A CommonJS game stays strict, as the ES module it was, and keeps import.meta (the bundle's).
    ...(script ? {} : { banner: { js: format === 'cjs' ? GAME_CJS_BANNER : "import { createRequire as __twinframeCreateRequire } from 'node:module'; const require = __twinframeCreateRequire(import.meta.url);" } }),
    plugins: [...(options.shared !== undefined && !script ? [sharedModulePlugin(options.shared)] : []), ...(options.host === 'protogame' ? [caseInsensitiveResolve()] : [])],
  });
  try {
    let result: Awaited<ReturnType<typeof bundle>>;
    // Before the build when the service already runs (a reload's build), and after it when this
    // build started it; each costs an existsSync once the service runs at that level.
    if (options.nice !== undefined) lowerChildProcessPriority('esbuild', options.nice);
    try {
      result = await bundle();
    } catch (e) {
      if (script || !awaitsAtTopLevel(e)) throw e;
      format = 'esm';
      result = await bundle();
    }
    if (options.nice !== undefined) lowerChildProcessPriority('esbuild', options.nice);
    code = script ? wrapRuntimeScript(result.outputFiles[0]!.text) : result.outputFiles[0]!.text;
    warnings = result.warnings.map(caseProblem).filter((w): w is BundleProblem => w !== undefined);
    inputs = Object.keys(result.metafile?.inputs ?? {}).filter((f) => !f.includes(':')).map((f) => resolve(f));
  } catch (e) {
    throw bundleError(e, absolute, kind);
  }
  // Named by entry and content, and written atomically (temp file + rename): processes bundling
  // the same code at once (parallel test files) never see each other's half-written file.
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 20);
  const file = join(dir, `${prefix}${hash}${format === 'cjs' ? '.cjs' : '.mjs'}`);
  if (!touched(file) || (script && !existsSync(scriptFileOf(file)))) {
    // The script first: a loader is only ever seen with its script beside it.
    if (script) writeAtomically(scriptFileOf(file), code);
    writeAtomically(file, script ? runtimeLoaderSource(scriptFileOf(file)) : code);
  } else if (script) {
    // The name hashes the script, not its loader: a twinframe whose loader changed and whose
    // runtime did not would otherwise run an older version's loader (2 KB, read once per process).
    const loader = runtimeLoaderSource(scriptFileOf(file));
    if (readTextOrEmpty(file) !== loader) writeAtomically(file, loader);
  }
  if (script) {
    // The bundler's own files are inputs too: a change to how the runtime is built rebuilds it.
    const manifest = manifestText(file, RUNTIME_RECIPE, [...inputs, ...BUNDLER_FILES]);
    if (manifest !== null) writeAtomically(manifestFile, manifest);
  }
  // The cache folder is listed once per entry (bundle-cache-index.ts), not at every save.
  useBundle(dir, prefix, file, BUNDLES_KEPT_PER_ENTRY, removeBundle);
  return { file, url: pathToFileURL(file).href, warnings, inputs: watchable(inputs), built: true };
}

/** Installed packages are not the game's to edit: they are not watched. */
function watchable(inputs: readonly string[]): string[] {
  return inputs.filter((f) => !f.includes('node_modules/') && !BUNDLER_FILES.includes(f));
}

/** This module and the runtime script's wrapper: what decides how the runtime is bundled, besides its sources. */
const BUNDLER_FILES: readonly string[] = [fileURLToPath(import.meta.url), fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './node-runtime-script.ts' : './node-runtime-script.js', import.meta.url))];

/** What else a runtime bundle depends on: esbuild's version and this twinframe's version of the recipe. */
const RUNTIME_RECIPE = `esbuild ${esbuildVersion}; node-bundle runtime recipe 1`;

/** What `import.meta` is in a CommonJS game bundle: the bundle's own, as in the ES module it replaces. */
const GAME_IMPORT_META = '__twinframeImportMeta';
const GAME_CJS_BANNER = `'use strict'; const ${GAME_IMPORT_META} = { url: require('node:url').pathToFileURL(__filename).href, filename: __filename, dirname: __dirname };`;

/** Whether esbuild refused CommonJS because the game awaits at top level (it is bundled as an ES module instead). */
function awaitsAtTopLevel(e: unknown): boolean {
  const errors = (e as { errors?: Message[] }).errors;
  return errors !== undefined && errors.length > 0 && errors.every((m) => /top-level await/i.test(m.text));
}

/** The runtime script beside its loader `file` (node-runtime-script.ts). */
function scriptFileOf(file: string): string {
  return file.replace(/\.[cm]js$/, '.runtime.js');
}

/** Writes `file` through a temporary file and a rename. Throws TF3012 when it cannot. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${Math.floor(Math.random() * 1e9)}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (e) {
    throw new TwinframeError(PLATFORM_CODES.GAME_BUNDLE_FAILED.code, `bundle: could not write ${file}: ${e instanceof Error ? e.message : String(e)}. Set TWINFRAME_CACHE_DIR to a writable directory.`, { file, line: 0, column: 0 });
  }
}

/** Marks a cached bundle as just used (pruning keeps the most recently used); false when there is none to mark. */
/** The text of `file`, or "" when it cannot be read. */
function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function touched(file: string): boolean {
  const now = new Date();
  try {
    utimesSync(file, now, now);
    return true;
  } catch {
    return false; // not cached yet (or pruned by another process a moment ago): written afresh
  }
}

/** Removes a pruned bundle (and a runtime loader's script and code cache); false when it could not (it is tried again at the next bundle). */
function removeBundle(file: string): boolean {
  try {
    rmSync(file, { force: true });
    rmSync(scriptFileOf(file), { force: true });
    rmSync(runtimeCacheFile(scriptFileOf(file)), { force: true });
    return true;
  } catch {
    return false; // not ours to remove (permissions)
  }
}

function bundleError(e: unknown, entry: string, kind: string): TwinframeError {
  const errors = (e as { errors?: Message[] }).errors;
  const first = errors?.[0];
  if (first === undefined) {
    return new TwinframeError(PLATFORM_CODES.GAME_BUNDLE_FAILED.code, `bundle: the ${kind} ${entry} could not be built: ${e instanceof Error ? e.message : String(e)}. Check that the cache directory ${bundleCacheDir()} is writable.`, { file: entry, line: 0, column: 0 });
  }
  const problem = caseProblem(first);
  if (problem !== undefined) return new TwinframeError(problem.code, problem.message, { file: problem.file, line: problem.line, column: problem.column });
  const loc = first.location;
  const file = loc?.file ? resolve(loc.file) : entry;
  const line = loc?.line ?? 0;
  const column = loc === null || loc === undefined ? 0 : loc.column + 1;
  const where = `${file}:${line}:${column}`;
  if (/Could not resolve/.test(first.text)) {
    return new TwinframeError(PLATFORM_CODES.GAME_MODULE_NOT_FOUND.code, `bundle: ${first.text} at ${where}. Check the import path and that the package is installed.`, { file, line, column });
  }
  return new TwinframeError(PLATFORM_CODES.GAME_MODULE_SYNTAX_ERROR.code, `bundle: syntax error in ${where}: ${first.text}${loc?.lineText ? `\n    ${loc.lineText.trim()}` : ''}. Fix the code at that line.`, { file, line, column });
}
