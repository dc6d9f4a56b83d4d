// `twinframe replay FILE --view` before the browser: arguments, a missing or bad file refused with
// its code (exit 2), and the server it starts (cross-origin isolated, serving the recording's bytes).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { parseReplayViewArgs, replayViewCommand } from '../../src/dev/replay-view-command.ts';
import { RECORDING_PATH } from '../../src/dev/replay-view-server.ts';
import { viewRecording } from '../../src/dev/replay-viewer.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { syntheticRecording } from './replay-view-synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'twinframe-replay-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { lines: string[]; io: { out(l: string): void; err(l: string): void } } {
  const lines: string[] = [];
  return { lines, io: { out: (l) => void lines.push(l), err: (l) => void lines.push(l) } };
}

describe('twinframe replay --view (command)', () => {
  it('parses its arguments and refuses bad ones with TF6500', () => {
    expect(parseReplayViewArgs(['a.tfrec', '--view', '--port', '5199', '--open'], '/tmp')).toEqual({ file: '/tmp/a.tfrec', port: 5199, strictPort: true, open: true, listen: '127.0.0.1' });
    for (const bad of [['--view'], ['a', '--port', 'x'], ['a', '--verify'], ['a', 'b'], ['a', '--listen']]) {
      let code = '';
      try {
        parseReplayViewArgs(bad, '/tmp');
      } catch (e) {
        code = isTwinframeError(e) ? e.code : 'other';
      }
      expect(code, JSON.stringify(bad)).toBe('TF6500');
    }
  });

  it('refuses a missing file (TF6506) and a corrupt one (its format code), exit 2', async () => {
    const missing = capture();
    expect(await replayViewCommand([join(dir, 'nope.tfrec'), '--view'], missing.io)).toBe(2);
    expect(missing.lines.join('\n')).toContain('TF6506');
    const s = syntheticRecording({ frames: 40, entities: 5, keyframeEvery: 20 });
    const bytes = await encodeRecording(s.header, s.events);
    bytes[bytes.byteLength - 60]! ^= 0x40;
    writeFileSync(join(dir, 'bad.tfrec'), bytes);
    const bad = capture();
    expect(await replayViewCommand([join(dir, 'bad.tfrec'), '--view'], bad.io)).toBe(2);
    expect(bad.lines.join('\n')).toMatch(/TF2023 .*chunk \d+ at byte \d+/);
    // The CLI's entry (replay-command.ts loads replay-viewer.ts for --view) answers the same.
    const viaCli = capture();
    expect(await viewRecording(join(dir, 'bad.tfrec'), viaCli.io, { port: 0 })).toBe(2);
    expect(viaCli.lines.join('\n')).toContain('TF2023');
  });

  it('serves the viewer page and the recording, cross-origin isolated', async () => {
    const s = syntheticRecording({ frames: 40, entities: 5, keyframeEvery: 20 });
    const bytes = await encodeRecording(s.header, s.events);
    writeFileSync(join(dir, 'good.tfrec'), bytes);
    const c = capture();
    const server = await replayViewCommand([join(dir, 'good.tfrec'), '--view'], c.io);
    if (typeof server === 'number') throw new Error(`the viewer did not start (${server}): ${c.lines.join('\n')}`);
    try {
      expect(c.lines.join('\n')).toMatch(/40 engine frames, 2 keyframes\) at http:\/\/127\.0\.0\.1:\d+\//);
      const page = await fetch(server.url);
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(await page.text()).toContain('virtual:twinframe/replay-entry');
      const file = await fetch(new URL(RECORDING_PATH, server.url));
      expect(file.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
      const entry = await fetch(new URL('/@id/__x00__virtual:twinframe/replay-entry', server.url));
      expect(await entry.text()).toContain('startReplayPage');
    } finally {
      await server.close();
    }
  }, 60_000);
});
