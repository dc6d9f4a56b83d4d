/**
 * `npm create twinframe` (issue 13 item 4): packages/create-twinframe, packed, run the way
 * `npm create twinframe` runs it (npm maps `npm create <name>` to `npm exec create-<name>`, which
 * needs the registry to find it by name; here `npm exec --package=<its tarball>` with the run's
 * twinframe tarball beside it, in a folder outside the repository and outside the adopter project).
 * It writes the starter through the installed twinframe's `init` (the same files, the
 * `--twinframe` spec passed through), defaults to ./my-game, and passes init's exit status on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ADOPTER_SETUP_TIMEOUT_MS, REPO_ROOT, adopterProject, type AdopterProject } from './adopter-project.ts';

const PACKAGE = join(REPO_ROOT, 'packages', 'create-twinframe');

let project: AdopterProject;
let tarball: string;
let user: string;

/** `npm exec` of create-twinframe from its tarball, with twinframe's, in the user's folder. */
function create(args: string): ReturnType<AdopterProject['run']> {
  return project.run(`npm exec --yes --prefer-offline --no-audit --no-fund --package="${tarball}" --package="${project.tarball}" -- create-twinframe ${args}`, { cwd: user });
}

beforeAll(async () => {
  project = await adopterProject();
  const runDir = dirname(project.dir);
  const packDir = mkdtempSync(join(runDir, 'create-twinframe-'));
  const pack = await project.run(`npm pack --json --pack-destination "${packDir}" "${PACKAGE}"`, { cwd: packDir });
  expect(pack.code, pack.output).toBe(0);
  tarball = join(packDir, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  // A user's folder: outside the repository and outside the project that installed twinframe.
  user = mkdtempSync(join(runDir, 'create-user-'));
}, ADOPTER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  // npm exec installed both tarballs into its own folder of npm's cache (_npx/<hash>): remove that one, only.
  if (tarball === undefined) return;
  const cache = (await project.run('npm config get cache')).stdout.trim();
  const npx = join(cache, '_npx');
  if (cache === '' || !existsSync(npx)) return;
  for (const entry of readdirSync(npx)) {
    const manifest = join(npx, entry, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(tarball)) rmSync(join(npx, entry), { recursive: true, force: true });
  }
});

describe('create-twinframe (npm create twinframe)', () => {
  it('depends on this version of twinframe and ships only its script and README', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies: Record<string, string>; version: string };
    const twinframe = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.name).toBe('create-twinframe');
    expect(manifest.version, 'released together').toBe(twinframe.version);
    expect(manifest.dependencies).toEqual({ twinframe: `^${twinframe.version}` });
    expect(Object.keys(manifest.bin)).toEqual(['create-twinframe']);
  });

  it('writes the starter into the folder it is given, depending on the --twinframe spec', async () => {
    const r = await create(`space-game --twinframe "${project.tarball}"`);
    expect(r.code, r.output).toBe(0);
    expect(r.stdout, 'init\'s own report').toContain('twinframe init: wrote package.json');
    const game = join(user, 'space-game');
    for (const file of ['package.json', 'tsconfig.json', 'game.ts', 'test/game.test.js', 'README.md', '.gitignore']) {
      expect(existsSync(join(game, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(game, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.name).toBe('space-game');
    expect(manifest.dependencies['twinframe']).toBe(`file:${project.tarball}`);
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['dev', 'build', 'start', 'test']));
    // The very starter twinframe ships (templates/starter), not a copy of its own.
    expect(readFileSync(join(game, 'game.ts'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'templates', 'starter', 'game.ts'), 'utf8'));
  }, 120_000);

  it('without a folder writes ./my-game, and passes init\'s refusal of a folder that is not empty on (exit 1, TF6101)', async () => {
    const first = await create('');
    expect(first.code, first.output).toBe(0);
    expect(existsSync(join(user, 'my-game', 'game.ts')), first.output).toBe(true);
    const manifest = JSON.parse(readFileSync(join(user, 'my-game', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['twinframe'], 'the default: this version from the registry').toMatch(/^\^\d+\.\d+\.\d+/);
    const again = await create('');
    expect(again.code, again.output).toBe(1);
    expect(again.stderr).toContain('TF6101');
  }, 120_000);
});
