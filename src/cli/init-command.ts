/**
 * `twinframe init [dir]`: writes a starter game project (package.json with dev, build, start and
 * test scripts, a strict tsconfig, a typed game.ts, a headless test, a README) from the package's
 * `templates/starter/`, depending on this very version of twinframe (or on `--twinframe <spec>`).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwinframeError, isTwinframeError } from '../shared-memory/twinframe-error.ts';
import { formatDiagnostic } from '../protocol/format-diagnostic.ts';
import { CLI_CODES, INIT_CODES } from './error-codes.ts';
import type { CliOutput } from './run-command.ts';
import { optionValue, parseCommandArgs } from './cli-args.ts';

export const INIT_USAGE = `usage: twinframe init [dir] [options]

Writes a new game project into dir (default: the current folder), which must be empty or not exist:
package.json (scripts dev, build, start, test, typecheck), a strict tsconfig.json, game.ts, a test
that runs the game headless for 60 frames (test/game.test.js), README.md and .gitignore. Then:
cd dir && npm install && npm run dev.

options:
  --twinframe SPEC    the twinframe dependency written into package.json (default ^<this version>):
                      a packed tarball (./twinframe-0.1.0.tgz), a git checkout's folder, a git URL
                      (github:owner/twinframe) or a version range
  --name NAME         the package name (default: the folder's name)
  --force             write into a folder that is not empty (files of the same name are overwritten)
  --help              this text`;

/** The files of the starter, as they are named in the project (`.gitignore` ships as `gitignore`: npm pack drops dotfiles named so). */
const STARTER_FILES: readonly (readonly [template: string, target: string])[] = [
  ['package.json', 'package.json'],
  ['tsconfig.json', 'tsconfig.json'],
  ['game.ts', 'game.ts'],
  ['test/game.test.js', 'test/game.test.js'],
  ['README.md', 'README.md'],
  ['gitignore', '.gitignore'],
];

/** Options of initProject. */
export interface InitOptions {
  /** The dependency on twinframe written into package.json (default `^<version of this twinframe>`). */
  readonly twinframe?: string;
  /** The package name (default: derived from the folder's name). */
  readonly name?: string;
  /** Write into a folder that is not empty. */
  readonly force?: boolean;
}

/** What initProject wrote. */
export interface InitResult {
  /** The project folder, absolute. */
  readonly dir: string;
  /** The files written, relative to `dir`. */
  readonly files: readonly string[];
  /** The package name written. */
  readonly name: string;
  /** The twinframe dependency written. */
  readonly twinframe: string;
}

/**
 * The root of the running twinframe package: the nearest folder above this file whose
 * package.json is named "twinframe" (`src/cli/`, `dist/cli/` or an installed package alike).
 */
export function twinframePackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'twinframe') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new TwinframeError(CLI_CODES.PACKAGE_MANIFEST_MISSING.code, `init: no package.json of twinframe above this file; got ${fileURLToPath(import.meta.url)}. Reinstall twinframe (its package.json and templates/ ship with it).`);
    dir = parent;
  }
}

/** An npm package name from a folder name: lower case, URL-safe characters, no leading dot or underscore. */
export function packageNameOf(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '').replace(/-+$/, '').slice(0, 214);
  return name === '' ? 'twinframe-game' : name;
}

/**
 * A dependency spec as package.json in `dir` must hold it: a path to a tarball or a folder (given
 * relative to the current folder) becomes `file:` with an absolute path; versions, ranges, URLs and
 * `git+`/`github:`/`file:` specs are kept as given.
 */
export function dependencySpec(spec: string, cwd: string): string {
  const looksLikePath = spec.startsWith('.') || isAbsolute(spec) || spec.endsWith('.tgz') || spec.endsWith('.tar.gz');
  if (!looksLikePath || /^[a-z+]+:/i.test(spec)) return spec;
  return `file:${resolve(cwd, spec)}`;
}

/**
 * Writes the starter into `dir` (created if missing) and returns what it wrote. Throws TF6101 when
 * `dir` is a file, or a folder with entries other than `.git` and `force` is not set.
 */
export function initProject(dir: string, options: InitOptions = {}): InitResult {
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) {
      throw new TwinframeError(INIT_CODES.INIT_TARGET_NOT_EMPTY.code, `init: the target ${target} is a file, not a folder; got a file. Pass a folder that does not exist yet (twinframe init my-game).`);
    }
    const entries = readdirSync(target).filter((e) => e !== '.git');
    if (entries.length > 0 && options.force !== true) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
      throw new TwinframeError(INIT_CODES.INIT_TARGET_NOT_EMPTY.code, `init: the folder ${target} is not empty; got ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} (${shown}). Pass another folder (twinframe init my-other-game), or --force to write the starter's files into it anyway (files of the same name are overwritten, the others are kept).`, { dir: target, entries });
    }
  }
  const root = twinframePackageRoot();
  const templates = join(root, 'templates', 'starter');
  const missing = STARTER_FILES.filter(([from]) => !existsSync(join(templates, from))).map(([from]) => from);
  if (missing.length > 0) {
    throw new TwinframeError(INIT_CODES.INIT_TEMPLATES_MISSING.code, `init: the starter's templates are missing from ${templates}; got no ${missing.join(', ')}. Reinstall twinframe (templates/ ships in its package).`);
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const name = options.name ?? packageNameOf(basename(target));
  const twinframe = options.twinframe ?? `^${version}`;
  const files: string[] = [];
  for (const [from, to] of STARTER_FILES) {
    const out = join(target, to);
    mkdirSync(dirname(out), { recursive: true });
    if (from === 'package.json') {
      const manifest = JSON.parse(readFileSync(join(templates, from), 'utf8')) as { name: string; dependencies: Record<string, string> };
      manifest.name = name;
      manifest.dependencies['twinframe'] = twinframe;
      writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
    } else {
      copyFileSync(join(templates, from), out);
    }
    files.push(to);
  }
  return { dir: target, files, name, twinframe };
}

interface InitArgs {
  readonly dir: string;
  readonly options: InitOptions;
}

function parseInitArgs(argv: readonly string[]): InitArgs | string {
  let dir: string | undefined;
  let twinframe: string | undefined;
  let name: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--force') force = true;
    else if (a === '--twinframe' || a === '--name') {
      const v = optionValue(a, argv[++i], 'a value', a === '--name' ? 'my-game' : '../twinframe/twinframe-0.1.0.tgz');
      if (typeof v === 'string') return v;
      if (a === '--name') name = v.value;
      else twinframe = v.value;
    } else if (a.startsWith('-')) return `unknown option ${JSON.stringify(a)}; the options are --twinframe SPEC, --name NAME, --force.`;
    else if (dir === undefined) dir = a;
    else return `one folder only; got ${JSON.stringify(dir)} and ${JSON.stringify(a)}. Quote a folder name with spaces.`;
  }
  const options: { twinframe?: string; name?: string; force?: boolean } = { force };
  if (twinframe !== undefined) options.twinframe = dependencySpec(twinframe, process.cwd());
  if (name !== undefined) options.name = name;
  return { dir: dir ?? '.', options };
}

/** Runs `twinframe init`; resolves with the exit status (0 written, 1 refused, 2 bad arguments). */
export function initCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const args = parseCommandArgs('init', INIT_USAGE, argv, io, parseInitArgs);
  if (typeof args === 'number') return Promise.resolve(args);
  let result: InitResult;
  try {
    result = initProject(args.dir, args.options);
  } catch (e) {
    if (isTwinframeError(e)) {
      io.err(`twinframe init: error ${formatDiagnostic({ code: e.code, message: e.text })}`);
      return Promise.resolve(1);
    }
    throw e;
  }
  const where = relative(process.cwd(), result.dir);
  io.out(`twinframe init: wrote ${result.files.join(', ')} into ${where === '' ? 'this folder' : where}`);
  io.out('');
  io.out('next:');
  if (where !== '') io.out(`  cd ${where.includes(' ') ? JSON.stringify(where) : where}`);
  io.out('  npm install');
  io.out('  npm run dev      # the game in your browser');
  io.out('  npm start        # headless, five seconds');
  io.out('  npm test         # the game headless for 60 frames, checked');
  if (args.options.twinframe === undefined) {
    io.out('');
    io.out(`package.json depends on "twinframe": "${result.twinframe}", but twinframe is not published to the npm registry yet.`);
    io.out('Until it is, point it at a packed tarball (npm pack in a twinframe checkout) or a git repository:');
    io.out(`  twinframe init ${where === '' ? '.' : where} --force --twinframe /path/to/twinframe-${result.twinframe.slice(1)}.tgz`);
    io.out('  twinframe init <dir> --twinframe github:OWNER/twinframe');
    io.out(`or, in the project, instead of the plain npm install: npm install /path/to/twinframe-${result.twinframe.slice(1)}.tgz`);
  }
  return Promise.resolve(0);
}
