// `twinframe replay` as a user runs it: a real recording (the typed replay fixture recorded by the
// engine's recorder) replayed with --verify: exit 0 and the JSON report when identical, exit 1 with
// the first divergent tick when the game changed (--game), exit 2 with recfile's coded refusal for a
// corrupted file, a file cut mid-chunk replayed up to its last whole chunk, --until-tick, the
// usage and bad arguments; once through bin/twinframe.mjs in a child process.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay-command.ts';
import { runHeadless } from '../../src/startup/run-headless.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPED = fileURLToPath(new URL('../startup/replay-fixtures/typed-game.ts', import.meta.url));
let dir: string;
let recording: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'twinframe-replay-cli-'));
  recording = join(dir, 'typed.tfrec');
  await runHeadless(TYPED, {
    frames: 90, fps: 240, record: recording, flightRecorderSeconds: 0,
    beforeFrame: (n, input) => {
      if (n === 5) input.keyDown(39);
      if (n === 60) input.keyUp(39);
      if (n % 7 === 0) input.mouseMove(n, n * 2, 1, 1);
    },
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(argv: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await replayCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out, err };
}

function json(file: string): { replay: Record<string, unknown> } {
  return JSON.parse(readFileSync(file, 'utf8')) as { replay: Record<string, unknown> };
}

describe('twinframe replay', () => {
  it('verifies an identical replay: exit 0, and the JSON report', async () => {
    const out = join(dir, 'identical.json');
    const r = await replay([recording, '--verify', '--json', out]);
    expect(r.err).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.out.join('\n')).toMatch(/replayed 90 of 90 ticks .*x\nidentical/);
    const report = json(out).replay;
    expect(report.ticks).toBe(90);
    expect(report.divergent_tick).toBeNull();
    expect(report.speed_x as number).toBeGreaterThan(0);
    expect(report.bundle_hash_matches).toBe(true);
    expect(report.errors).toEqual([]);
  }, 60_000);

  it('prints the JSON report alone on stdout with --json and no file name, the text report on stderr', async () => {
    const r = await replay([recording, '--verify', '--json']);
    expect(r.status).toBe(0);
    expect(r.out).toHaveLength(1);
    const report = (JSON.parse(r.out[0]!) as { replay: Record<string, unknown> }).replay;
    expect(report.ticks).toBe(90);
    expect(report.divergent_tick).toBeNull();
    expect(r.err.join('\n')).toMatch(/replayed 90 of 90 ticks .*x\nidentical/);
  }, 60_000);

  it('reports the first divergent tick and the fields of an edited game: exit 1', async () => {
    const edited = join(dir, 'edited.ts');
    const logic = fileURLToPath(new URL('../../src/logic/index.ts', import.meta.url));
    writeFileSync(edited, readFileSync(TYPED, 'utf8').replace("'../../../src/logic/index.ts'", JSON.stringify(logic)).replace('const SPEED = 10;', 'const SPEED = 11;'));
    const out = join(dir, 'edited.json');
    const r = await replay([recording, '--verify', '--game', edited, '--json', out]);
    expect(r.status).toBe(1);
    const text = r.out.join('\n');
    expect(text).toMatch(/divergence at tick 5 \(incarnation 1, engine frame \d+\): commands/);
    expect(text).toMatch(/entity \d+ \(slot \d+\) changed: .*position\[0\]/);
    expect(text).toMatch(/the game's bundle differs from the recorded one/);
    const report = json(out).replay;
    expect(report.divergent_tick).toBe(5);
    expect(report.bundle_hash_matches).toBe(false);
    const divergence = report.divergence as { entities: { fields: { field: string }[] }[] };
    expect(divergence.entities.flatMap((e) => e.fields.map((f) => f.field))).toContain('position[0]');
  }, 60_000);

  it('stops after --until-tick ticks', async () => {
    const out = join(dir, 'until.json');
    const r = await replay([recording, '--verify', '--until-tick', '10', '--json', out]);
    expect(r.status).toBe(0);
    expect(json(out).replay.ticks).toBe(10);
  }, 60_000);

  it('refuses a corrupted file with the decoder\'s coded error (chunk and byte offset): exit 2', async () => {
    const bytes = new Uint8Array(readFileSync(recording));
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const bad = join(dir, 'corrupted.tfrec');
    writeFileSync(bad, bytes);
    const r = await replay([bad, '--verify']);
    expect(r.status).toBe(2);
    expect(r.err.join('\n')).toMatch(/is not a readable recording: TF20\d\d decodeRecording: chunk \d+ at byte \d+/);
  });

  it('refuses a file that is not a recording, and a missing one: exit 2', async () => {
    const other = join(dir, 'other.tfrec');
    writeFileSync(other, 'not a recording at all');
    expect((await replay([other])).status).toBe(2);
    const missing = await replay([join(dir, 'missing.tfrec')]);
    expect(missing.status).toBe(2);
    expect(missing.err[0]).toMatch(/^twinframe replay: error TF6002 Cli\.replay: cannot read the recording \(ENOENT[^\n]*got "[^"]*missing\.tfrec"\. Pass the path of a recording[^\n]* -> docs\/errors\/TF6002\.md$/);
  });

  it('replays a file cut in the middle of a chunk up to its last whole chunk', async () => {
    const bytes = readFileSync(recording);
    const cut = join(dir, 'cut.tfrec');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const out = join(dir, 'cut.json');
    const r = await replay([cut, '--verify', '--json', out]);
    expect(r.err.join('\n')).toMatch(/ends in the middle of a chunk/);
    expect(r.status).toBe(0);
    expect(json(out).replay.ticks as number).toBeGreaterThan(0);
  }, 60_000);

  it('prints the usage with --help (exit 0) and refuses bad arguments (exit 2)', async () => {
    const help = await replay(['--help']);
    expect(help.status).toBe(0);
    expect(help.out[0]).toContain('usage: twinframe replay <recording>');
    expect(help.out[0]).toContain('--until-tick N');
    for (const argv of [[], ['a.tfrec', 'b.tfrec'], ['a.tfrec', '--until-tick', 'soon'], ['a.tfrec', '--fast'], ['a.tfrec', '--json'], ['a.tfrec', '--open'], ['a.tfrec', '--view', '--port', 'x']]) {
      const r = await replay(argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err[0]).toMatch(/^twinframe replay: error TF6002 Cli\.replay: .* -> docs\/errors\/TF6002\.md$/);
    }
  });

  it('hands --view to the viewer, which refuses a missing file with its code (exit 2)', async () => {
    const r = await replay([join(dir, 'missing.tfrec'), '--view']);
    expect(r.status).toBe(2);
    expect([...r.out, ...r.err].join('\n')).toContain('TF6506');
  });

  it('runs from the command line: node bin/twinframe.mjs replay FILE --verify', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['bin/twinframe.mjs', 'replay', recording, '--verify'], { cwd: root, timeout: 60_000 }, (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
      });
    });
    expect(r.stdout).toMatch(/identical/);
    expect(r.code).toBe(0);
  }, 60_000);
});
