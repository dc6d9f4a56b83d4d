/**
 * The adopter tests' project: twinframe as a user gets it. `adopterProject()` builds dist/ (when
 * stale), packs the package with `npm pack`, and installs the tarball, with the repository's
 * TypeScript version, by `npm install` into a new project in the OS temp folder, outside the
 * repository; then every test of the run shares that one installed project.
 *
 * ```ts
 * import { adopterProject } from './adopter-project.ts';
 *
 * const project = await adopterProject();           // in beforeAll; give the hook ADOPTER_SETUP_TIMEOUT_MS
 * const dir = project.folder('my-check');            // your own folder inside it (node_modules resolves from the parent)
 * writeFileSync(join(dir, 'game.ts'), source);
 * const r = await project.run('npx twinframe run game.ts --frames 60 --json report.json', { cwd: dir });
 * expect(r.code, r.output).toBe(0);
 * ```
 *
 * - `dir`: the project folder (package.json with "type": "module"; node_modules holds twinframe from
 *   the tarball, its dependencies, and `typescript`; no tsx); write into `folder(name)`, not `dir`
 *   itself, so parallel test files do not meet.
 * - `tarball`: the packed `twinframe-<version>.tgz` (install it elsewhere too, e.g. a starter's project).
 * - `run(command, { cwd, env, timeoutMs })`: a shell command in the project (or `cwd`) with an
 *   environment cleaned of what the test runner and npm set for the repository (npm_*, VITEST*,
 *   NODE_OPTIONS), so `npx` resolves the project's own packages; resolves (never rejects) with the
 *   exit code (null when killed), stdout, stderr and both as `output`.
 * - `start(command, { cwd, env })`: a long-running command (`npx twinframe dev ...`, a preview
 *   server) in the same clean environment, as the leader of its own process group: `waitFor`
 *   polls its output for a pattern, `stop()` ends the whole group (npx, the shell, node) with
 *   SIGTERM (SIGKILL if it lingers) and resolves with the exit status.
 *
 * Per test run, once: the vitest global setup (`adopter-setup.ts`) makes the run's folder and
 * removes it afterwards (TWINFRAME_ADOPTER_KEEP=1 keeps it for a look); test files running in
 * parallel processes take turns through a lock folder, and the first one does the work (about
 * 15 s to build dist/ when it is stale, 1 s to pack, 5-20 s to install; npm's cache is used with
 * --prefer-offline, so only a first run on a machine downloads the dependencies).
 */
import { exec, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the global setup puts this run's folder (tarball, project, lock). */
export const ADOPTER_RUN_DIR_ENV = 'TWINFRAME_ADOPTER_RUN_DIR';

/** A timeout for the beforeAll that calls adopterProject(): the first caller builds, packs and installs. */
export const ADOPTER_SETUP_TIMEOUT_MS = 300_000;

/** The outcome of `run`. */
export interface RunResult {
  /** Exit code; null when the command was killed (timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The command, stdout and stderr together (an assertion message). */
  readonly output: string;
}

/** Options of `run`. */
export interface RunOptions {
  /** Folder to run in; default the project's folder. */
  readonly cwd?: string;
  /** Variables added to the cleaned environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command after this long; default 120 s. */
  readonly timeoutMs?: number;
}

/** A command started with `start`, running until stopped. */
export interface RunningCommand {
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects when it exits first or after `timeoutMs` (default 60 s). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Ends its process group (SIGTERM, then SIGKILL after 5 s) and resolves with its exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

/** The installed project of this run. */
export interface AdopterProject {
  /** The project folder (outside the repository). */
  readonly dir: string;
  /** The packed tarball the project installed. */
  readonly tarball: string;
  /** A new (or the existing) folder `name` inside the project, for one test file's files. */
  folder(name: string): string;
  /** Runs a shell command in the project with a clean environment. */
  run(command: string, options?: RunOptions): Promise<RunResult>;
  /** Starts a long-running shell command in the project with a clean environment. */
  start(command: string, options?: Omit<RunOptions, 'timeoutMs'>): RunningCommand;
}

interface Ready {
  readonly tarball: string;
  readonly dir: string;
}

let cached: Promise<AdopterProject> | undefined;

/** The run's installed project: made by the first caller of the run (any process), then shared. */
export function adopterProject(): Promise<AdopterProject> {
  cached ??= prepare().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function prepare(): Promise<AdopterProject> {
  const runDir = process.env[ADOPTER_RUN_DIR_ENV] ?? mkdtempSync(join(tmpdir(), 'twinframe-adopter-'));
  const readyFile = join(runDir, 'ready.json');
  const lock = join(runDir, 'lock');
  const deadline = Date.now() + ADOPTER_SETUP_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() > deadline) throw new Error(`adopterProject: ${lock} was held for more than ${ADOPTER_SETUP_TIMEOUT_MS} ms; a test process died while preparing the project?`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!existsSync(readyFile)) writeFileSync(readyFile, JSON.stringify(await buildPackInstall(runDir)));
    const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as Ready;
    return project(ready);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/ if stale, packs the package, installs the tarball into a new project. */
async function buildPackInstall(runDir: string): Promise<Ready> {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-lib.mjs'), '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8', env: cleanEnv() });
  if (build.status !== 0) throw new Error(`adopterProject: building dist/ failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);

  // dist/ was just built; --ignore-scripts keeps prepack from building it a second time.
  const pack = await shell(`npm pack --ignore-scripts --json --pack-destination "${runDir}"`, { cwd: REPO_ROOT });
  if (pack.code !== 0) throw new Error(`adopterProject: npm pack failed:\n${pack.output}`);
  const tarball = join(runDir, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);

  const dir = join(runDir, 'project');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'twinframe-adopter', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const typescript = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;
  const typesNode = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version;
  // @types/node as a Node host (or a test with twinframe/testing) written in TypeScript has it.
  const install = await shell(`npm install --prefer-offline --no-audit --no-fund "${tarball}" typescript@${typescript} @types/node@${typesNode}`, { cwd: dir, timeoutMs: 240_000 });
  if (install.code !== 0) throw new Error(`adopterProject: npm install of the tarball failed:\n${install.output}`);
  return { tarball, dir };
}

function project(ready: Ready): AdopterProject {
  return {
    dir: ready.dir,
    tarball: ready.tarball,
    folder(name) {
      const path = join(ready.dir, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    run: (command, options = {}) => shell(command, { ...options, cwd: options.cwd ?? ready.dir }),
    start: (command, options = {}) => startShell(command, { ...options, cwd: options.cwd ?? ready.dir }),
  };
}

/** process.env without what the test runner or an enclosing `npm test` set for the repository. */
function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // npm's own settings (cache, registry, proxy, ...) stay; the ones about the repository go.
    if (/^npm_config_(?:cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i.test(key)) env[key] = value;
    if (/^(?:npm_|VITEST|NODE_OPTIONS$|INIT_CWD$|TWINFRAME_CLI_DIST$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function shell(command: string, options: RunOptions & { readonly cwd: string }): Promise<RunResult> {
  return new Promise((resolve) => {
    exec(command, { cwd: options.cwd, env: cleanEnv(options.env), timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr, output: `$ ${command} (in ${options.cwd})\n${stdout}${stderr}` });
    });
  });
}

function startShell(command: string, options: RunOptions & { readonly cwd: string }): RunningCommand {
  // detached: the shell leads a process group of its own, so stop() reaches npx's node child too.
  const child = spawn(command, { cwd: options.cwd, env: cleanEnv(options.env), shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = `$ ${command} (in ${options.cwd})\n`;
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // already gone
    }
  };
  return {
    output: () => out,
    async waitFor(pattern, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match !== null) return match;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${String(pattern)}:\n${out}`);
        if (Date.now() > end) throw new Error(`${command} printed no ${String(pattern)} within ${timeoutMs} ms:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 5_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
