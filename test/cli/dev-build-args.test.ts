// `twinframe dev` and `twinframe build` arguments: each mistake is a coded error (TF6500, TF6501,
// TF6504) printed once with its remedy and docs page, exit status 2; the parsed options; the
// protogame data root; and the header files a build writes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommand, devCommand } from '../../src/dev/dev-command.ts';
import { findDataRoot, parseBuildArgs, parseDevArgs } from '../../src/dev/dev-args.ts';
import { netlifyHeaders, vercelJson } from '../../src/dev/build-site.ts';
import { crossOriginIsolation } from '../../src/dev/vite-plugin.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

let dir: string;
let game: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'twinframe-devargs-'));
  game = join(dir, 'game.ts');
  writeFileSync(game, 'export default { update() {} };\n');
  mkdirSync(join(dir, 'tree', 'data', 'Scripts'), { recursive: true });
  writeFileSync(join(dir, 'tree', 'data', 'Scripts', 'main.js'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isTwinframeError(e)) return { code: e.code, message: e.text };
    throw e;
  }
  throw new Error('expected a TwinframeError; nothing was thrown');
}

async function run(verb: 'dev' | 'build', argv: string[]): Promise<{ status: number; err: string[]; out: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const status = verb === 'dev' ? await devCommand(argv, io) : await buildCommand(argv, io);
  if (typeof status !== 'number') {
    await status.close();
    throw new Error('expected an exit status, got a running server');
  }
  return { status, err, out };
}

describe('twinframe dev/build arguments', () => {
  it.each([
    ['dev', [], 'TF6500', /game file is missing.*twinframe dev game\.ts/],
    ['dev', ['a.ts', 'b.ts'], 'TF6500', /expected one game file/],
    ['dev', ['GAME', '--port', 'eighty'], 'TF6500', /--port needs a whole number in 0\.\.65535.*got "eighty". Example: --port 5173/],
    ['dev', ['GAME', '--port', '70000'], 'TF6500', /--port needs a whole number/],
    ['dev', ['GAME', '--port'], 'TF6500', /--port needs a value; got null/],
    ['dev', ['GAME', '--hots', 'protogame'], 'TF6500', /unknown option; got "--hots". The options are --host/],
    ['dev', ['GAME', '--host', 'unity'], 'TF6500', /--host must be twinframe or protogame; got "unity"/],
    ['dev', ['GAME', '--data-root', '.'], 'TF6500', /--data-root applies to --host protogame only/],
    ['dev', ['missing.ts'], 'TF6501', /does not exist or is not a file; got ".*missing\.ts"/],
    ['build', ['GAME'], 'TF6500', /--out is missing.*--out dist-game/],
    ['build', ['GAME', '--out', 'DIR'], 'TF6500', /--out would be emptied but holds the game/],
    ['build', ['GAME', '--out', 'site', '--open'], 'TF6500', /unknown option; got "--open"/],
  ] as const)('%s %j is %s with its remedy, printed once, exit 2', async (verb, args, code, pattern) => {
    const argv = args.map((a) => (a === 'GAME' ? game : a === 'DIR' ? dir : a === 'missing.ts' ? join(dir, 'missing.ts') : a));
    const parse = verb === 'dev' ? parseDevArgs : parseBuildArgs;
    const e = codeOf(() => parse(argv));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(pattern);
    expect(e.message, 'message form <Api>.<op>: <what>; got <value>. <remedy>').toMatch(/^Cli\.(dev|build): .+; got .+\. .+/);
    const r = await run(verb, argv);
    expect(r.status).toBe(2);
    const lines = r.err.filter((l) => l.includes(code));
    expect(lines.length, `the error is printed once: ${r.err.join('\n')}`).toBe(1);
    expect(lines[0]).toContain(`docs/errors/${code}.md`);
    expect(lines[0]!.replace(/ -> docs\/errors\/TF\d{4}\.md$/, '').split(code).length - 1, 'the code appears once before the page').toBe(1);
  });

  it('parses the options', () => {
    expect(parseDevArgs([game])).toMatchObject({ game, host: 'twinframe', root: dir, port: 5173, strictPort: false, open: false });
    expect(parseDevArgs([game, '--port', '0', '--open'])).toMatchObject({ port: 0, strictPort: true, open: true });
    expect(parseBuildArgs([game, '--out', join(dir, 'site'), '--coi-serviceworker'])).toMatchObject({ out: join(dir, 'site'), coiServiceWorker: true });
  });

  it('finds the protogame data root above the script (a Data folder in any case), or takes --data-root', () => {
    const script = join(dir, 'tree', 'data', 'Scripts', 'main.js');
    expect(findDataRoot(join(dir, 'tree', 'data', 'Scripts'))).toBe(join(dir, 'tree'));
    expect(parseDevArgs([script, '--host', 'protogame'])).toMatchObject({ host: 'protogame', root: join(dir, 'tree') });
    expect(parseDevArgs([script, '--host', 'protogame', '--data-root', dir]).root).toBe(dir);
    const e = codeOf(() => parseDevArgs([script, '--host', 'protogame', '--data-root', join(dir, 'nowhere')]));
    expect(e.code).toBe('TF6504');
    expect(e.message).toContain('--data-root');
  });

  it('prints its usage for --help, exit 0', async () => {
    expect(await run('dev', ['--help'])).toMatchObject({ status: 0, out: [expect.stringContaining('usage: twinframe dev <game>')] });
    expect(await run('build', ['-h'])).toMatchObject({ status: 0, out: [expect.stringContaining('--coi-serviceworker')] });
  });
});

describe('the isolation headers a build and the plugin send', () => {
  it('writes _headers and vercel.json with COOP, COEP and CORP on every path', () => {
    expect(netlifyHeaders()).toBe('/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n  Cross-Origin-Resource-Policy: same-origin\n');
    const vercel = JSON.parse(vercelJson()) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    expect(vercel.headers[0]!.source).toBe('/(.*)');
    expect(vercel.headers[0]!.headers).toEqual([
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
      { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
    ]);
  });

  it('the Vite plugin builds workers as ES modules unless the project chose a format', () => {
    const plugin = crossOriginIsolation();
    const config = plugin.config as (user: object) => object;
    expect(config({})).toEqual({ worker: { format: 'es' } });
    expect(config({ worker: { format: 'iife' } })).toEqual({});
  });
});
