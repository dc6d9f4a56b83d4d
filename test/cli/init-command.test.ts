/**
 * `twinframe init` (issue 13 item 4): the starter's files, its package.json scripts and its
 * dependency on this twinframe, the refusal of a folder that is not empty (TF6101, nothing
 * written), `--force`, `--twinframe`; the starter's own files type-check under its strict
 * tsconfig; and end to end: this repository packed with npm, the tarball installed into a freshly
 * init'ed project, the starter's test run there and passing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { dependencySpec, initCommand, initProject, packageNameOf } from '../../src/cli/init-command.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { ADOPTER_SETUP_TIMEOUT_MS, adopterProject } from '../adopter/adopter-project.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const temp = mkdtempSync(join(tmpdir(), 'twinframe-init-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let n = 0;
const fresh = (): string => join(temp, `case-${++n}`);

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

interface Manifest {
  name: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

describe('twinframe init', () => {
  it('writes the starter: files, scripts, the dependency on this version, the name from the folder', async () => {
    const dir = join(fresh(), 'My Game');
    const c = capture();
    expect(await initCommand([dir], c.io)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'game.ts', 'package.json', 'test', 'tsconfig.json']);
    expect(readdirSync(join(dir, 'test'))).toEqual(['game.test.js']);
    const m = manifest(dir);
    expect(m.name).toBe('my-game');
    expect(m.scripts).toEqual({
      dev: 'twinframe dev game.ts',
      build: 'twinframe build game.ts --out dist',
      start: 'twinframe run game.ts --seconds 5',
      test: 'node --test',
      typecheck: 'tsc -p tsconfig.json',
    });
    expect(m.dependencies).toEqual({ twinframe: `^${version}` });
    expect(Object.keys(m.devDependencies).sort()).toEqual(['@types/node', 'typescript']);
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({
      strict: true, noPropertyAccessFromIndexSignature: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
      module: 'nodenext', noEmit: true,
    });
    expect(readFileSync(join(dir, 'game.ts'), 'utf8')).toContain("from 'twinframe/logic'");
    expect(readFileSync(join(dir, 'test', 'game.test.js'), 'utf8')).toContain("from 'twinframe/testing'");
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('node_modules/');
    // The output says what to do next, and how to install twinframe while it is not on the registry.
    const text = c.out.join('\n');
    expect(text).toContain('npm install');
    expect(text).toContain('npm run dev');
    expect(text).toContain(`"twinframe": "^${version}"`);
    expect(text).toContain('not published to the npm registry yet');
    expect(text).toContain('--twinframe');
    expect(c.err).toEqual([]);
  });

  it('refuses a folder that is not empty with TF6101 and writes nothing; --force writes and keeps the other files', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const c = capture();
    expect(await initCommand([dir], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/^twinframe init: error TF6101 init: the folder .* is not empty; got 1 entry \(notes\.txt\)\. Pass another folder .*--force/);
    expect(c.err.join('\n')).toContain('docs/errors/TF6101.md');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(() => initProject(dir)).toThrow(expect.objectContaining({ code: 'TF6101' }) as Error);

    const forced = capture();
    expect(await initCommand([dir, '--force'], forced.io)).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'game.ts'))).toBe(true);
  });

  it('refuses a file as the target (TF6101) and takes a folder holding only .git as empty', () => {
    const file = join(fresh());
    writeFileSync(file, 'x');
    let caught: unknown;
    try {
      initProject(file);
    } catch (e) {
      caught = e;
    }
    expect(isTwinframeError(caught, 'TF6101')).toBe(true);
    const repo = fresh();
    mkdirSync(join(repo, '.git'), { recursive: true });
    expect(initProject(repo).files).toContain('game.ts');
  });

  it('writes --twinframe as given: a tarball path becomes file: with an absolute path, other specs stay', async () => {
    const dir = fresh();
    const c = capture();
    expect(await initCommand([dir, '--twinframe', './some/twinframe-0.1.0.tgz', '--name', 'space-game'], c.io)).toBe(0);
    expect(manifest(dir).dependencies['twinframe']).toBe(`file:${join(process.cwd(), 'some/twinframe-0.1.0.tgz')}`);
    expect(manifest(dir).name).toBe('space-game');
    expect(c.out.join('\n')).not.toContain('not published');
    expect(dependencySpec('github:someone/twinframe', '/x')).toBe('github:someone/twinframe');
    expect(dependencySpec('^0.2.0', '/x')).toBe('^0.2.0');
    expect(dependencySpec('../twinframe', '/x/y')).toBe('file:/x/twinframe');
    expect(dependencySpec('file:../t.tgz', '/x')).toBe('file:../t.tgz');
    expect(packageNameOf('.Hello World!')).toBe('hello-world');
    expect(packageNameOf('___')).toBe('twinframe-game');
  });

  it('answers bad arguments with exit status 2 and the usage', async () => {
    for (const argv of [['--frobnicate'], ['a', 'b'], ['x', '--twinframe']]) {
      const c = capture();
      expect(await initCommand(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join('\n')).toContain('usage: twinframe init');
      expect(c.err[0]).toMatch(/^twinframe init: error TF6002 Cli\.init: .* -> docs\/errors\/TF6002\.md$/);
    }
    const help = capture();
    expect(await initCommand(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toContain('--twinframe SPEC');
  });

  it("the starter's game.ts and test type-check under its own strict tsconfig", () => {
    const dir = fresh();
    initProject(dir);
    // twinframe resolves to this checkout, as an installed package would; @types/node to ours.
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(root, join(dir, 'node_modules', 'twinframe'), 'dir');
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;
    expect(config.errors).toEqual([]);
    expect(config.fileNames.map((f) => relative(dir, f)).sort()).toEqual(['game.ts', 'test/game.test.js']);
    // Only the starter's own files are checked (and only what they use of twinframe): twinframe's
    // declarations under a consumer's strict settings are the package's concern (issue 13 item 1,
    // the adopter test).
    const diagnosticsOf = (program: ts.Program): string[] => config.fileNames.flatMap((f) => {
      const sf = program.getSourceFile(f)!;
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
        .map((d) => `${relative(dir, f)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    });
    const program = ts.createProgram(config.fileNames, config.options);
    expect(diagnosticsOf(program)).toEqual([]);
    // The checker did read twinframe's types (a typo in the game would be caught).
    writeFileSync(join(dir, 'game.ts'), readFileSync(join(dir, 'game.ts'), 'utf8').replace('ctx.entities.updatePosition(player', 'ctx.entities.updatePositon(player'));
    const broken = diagnosticsOf(ts.createProgram(config.fileNames, config.options, undefined, program));
    expect(broken.join('\n')).toContain("game.ts: Property 'updatePositon' does not exist");
  });

  it('end to end: npm pack, init, npm install the tarball, the starter\'s test passes', async () => {
    const work = fresh();
    mkdirSync(work);
    // The run's one packed tarball (test/adopter/adopter-project.ts): a second `npm pack` here would
    // rebuild dist/ under the other adopter tests.
    const { tarball } = await adopterProject();
    expect(existsSync(tarball), tarball).toBe(true);
    const project = join(work, 'my-game');
    const c = capture();
    expect(await initCommand([project, '--twinframe', tarball], c.io)).toBe(0);
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
    expect(existsSync(join(project, 'node_modules', 'twinframe', 'templates', 'starter', 'game.ts'))).toBe(true);

    // INTERIM until the package ships compiled JavaScript (issue 13 item 1, the `package` branch):
    // while the installed exports still point at TypeScript sources, plain `node` cannot import
    // them, so the starter's test runs with tsx's loader (a dependency of twinframe today). Once
    // the exports point at .js, this runs the starter's own `npm test` under plain node.
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'twinframe', 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const testing = installed.exports['./testing'];
    const shipsSources = JSON.stringify(testing).includes('.ts"') && !JSON.stringify(testing).includes('.js"');
    const result = shipsSources
      ? await run(process.execPath, ['--import', 'tsx', '--test'], { cwd: project })
      : await run('npm', ['test'], { cwd: project });
    const out = result.stdout + result.stderr;
    expect(out).toMatch(/# pass 1\b/);
    expect(out).toMatch(/# fail 0\b/);

    // The installed CLI writes a starter too (the templates ship in the tarball).
    await run(join(project, 'node_modules', '.bin', 'twinframe'), ['init', 'again'], { cwd: project });
    expect(existsSync(join(project, 'again', 'test', 'game.test.js'))).toBe(true);
  }, ADOPTER_SETUP_TIMEOUT_MS + 120_000);
});
