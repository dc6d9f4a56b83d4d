// What the command ring does not carry, recorded and drawn again (issue 16, format version 2): a real
// run's bulk positions (ctx.entities.setPositions) and debug-draw set (lines and texts of the
// ProtogameJS3D debugRenderInterface) go into the recording as engine-side events and keyframe
// fields, and the viewer's KeyframeWorld (through ReplayTimeline) draws them at a scrubbed tick.
// A version-1 file (made before these events existed) still opens and scrubs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { RECORDING_FORMAT_VERSION, type DecodedRecording } from '../../src/protocol/recording.ts';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { ReplayTimeline } from '../../src/dev/replay-view-timeline.ts';
import { E_X, E_Y, E_Z } from '../../src/protocol/entity-state.ts';
import { concatBytes } from '../../src/protocol/recording-compression.ts';
import { replayRecording } from '../../src/startup/replay-driver.ts';

const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** Runs `game` headless for `frames` logic frames at `fps`, recording; returns the decoded recording. */
async function record(game: string, frames: number, fps: number, host?: 'protogame'): Promise<DecodedRecording> {
  const chunks: Uint8Array[] = [];
  await runHeadless(game, {
    frames, fps, flightRecorderSeconds: 0, ...(host === undefined ? {} : { host }),
    record: (c) => { chunks.push(c.slice()); },
  });
  return decodeRecording(concatBytes(chunks));
}

function timelineOf(rec: DecodedRecording): { t: ReplayTimeline; r: RecordingRenderer } {
  const r = new RecordingRenderer();
  const w = new KeyframeWorld({ renderer: r, entityCapacity: rec.header.entityCapacity, cameraCapacity: rec.header.cameraCapacity });
  return { t: new ReplayTimeline(rec, w), r };
}

/** A seeded order of frame indices to scrub to (printed, so a failure can be re-run). */
function scrubOrder(n: number, count: number): number[] {
  const seed = 1600 + n;
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(s % n);
  }
  console.log(`recording-drawn-state: scrub seed ${seed}`);
  return out;
}

describe('recording what the command ring does not carry', () => {
  it('records bulk positions and draws the bulk-moved entities at their recorded position at any scrubbed tick', async () => {
    // bulk-moves.ts: 1000 cubes created at (i, 0, 0), moved every tick by setPositions to (i, tick, 0.5).
    const rec = await record(fixture('games/bulk-moves.ts'), 150, 240);
    expect(rec.formatVersion).toBe(RECORDING_FORMAT_VERSION);
    expect(rec.events.filter((e) => e.kind === 'bulk').length).toBeGreaterThan(50);
    const { t } = timelineOf(rec);
    const last = t.frameCount - 1;
    for (const index of [last, ...scrubOrder(t.frameCount, 25), Math.floor(last / 2), last]) {
      t.seek(index);
      expect(t.matchesRecordedHash, `frame index ${index} (tick ${t.ticks[index]})`).toBe(true);
      const tick = t.ticks[index]!;
      if (tick < 3) continue;
      const state = t.world.entityState;
      for (const slot of [0, 7, 999]) {
        const o = state.recordOffset(slot);
        expect(state.f32[o + E_X]).toBe(slot);
        // The bulk position of a tick the engine applied by then: above 0 (where the command left it), at most the tick shown.
        expect(state.f32[o + E_Y]).toBeGreaterThan(0);
        expect(state.f32[o + E_Y]).toBeLessThanOrEqual(tick);
        expect(state.f32[o + E_Z]).toBe(0.5);
      }
    }
    expect(t.hashMismatches).toBe(0);
    // The engine-side events change nothing for a replay: it re-runs the logic and verifies tick for tick.
    const report = await replayRecording(rec, { verify: true });
    expect(report.divergence).toBeNull();
    expect(report.ticks).toBe(report.recordedTicks);
  }, 90_000);

  it('records the debug-draw set (lines, texts) when it changes and draws the one of a scrubbed tick, keyframes included', async () => {
    const rec = await record(fixture('protogame-record-debug/main.js'), 150, 50, 'protogame');
    const sets = rec.events.filter((e) => e.kind === 'debug');
    // The set changes every 20 updates: recorded then, not every frame.
    expect(sets.length).toBeGreaterThanOrEqual(5);
    expect(sets.length).toBeLessThan(40);
    // 150 ticks at 50 a second: 3 s, so a keyframe (every 2 s) after the first sets, which a scrub restores.
    const { t, r } = timelineOf(rec);
    expect(t.keyframes.length).toBeGreaterThanOrEqual(2);
    const last = t.frameCount - 1;
    for (const index of [last, ...scrubOrder(t.frameCount, 20), 0, last]) {
      t.seek(index);
      const tick = t.ticks[index]!;
      if (tick < 2) continue;
      expect(r.debugLines.length, `frame index ${index} tick ${tick}`).toBeGreaterThan(0);
      const line = r.debugLines[0]!;
      expect([line.x0, line.y0, line.z0, line.x1, line.y1]).toEqual([0, 0, 0, 5, 0]);
      expect(r.debugTexts.map((x) => x.text)).toEqual([`step ${line.z1}`]);
      // The step the tick shown had reached (the set drawn is the newest at or before the frame; one step of slack for free pacing).
      expect(Math.abs(line.z1 - Math.floor(tick / 20))).toBeLessThanOrEqual(1);
    }
    // A keyframe carries the set drawn at its frame (none before the first set).
    const keyframes = rec.events.filter((e) => e.kind === 'keyframe' && e.frame >= sets[0]!.frame);
    expect(keyframes.length).toBeGreaterThan(0);
    expect(keyframes.every((k) => k.kind === 'keyframe' && k.debug !== undefined && k.debug.byteLength > 0)).toBe(true);
    const report = await replayRecording(rec, { verify: true });
    expect(report.divergence).toBeNull();
  }, 90_000);

  it('opens a version-1 recording (no engine-side events) and scrubs it to the recorded hashes', async () => {
    const rec = await decodeRecording(readFileSync(fixture('recording-v1.tfrec')));
    expect(rec.formatVersion).toBe(1);
    expect(rec.events.some((e) => e.kind === 'bulk' || e.kind === 'debug')).toBe(false);
    const { t } = timelineOf(rec);
    expect(t.frameCount).toBeGreaterThan(100);
    for (const index of [t.frameCount - 1, 10, 60, 0, t.frameCount - 1]) t.seek(index);
    expect(t.hashMismatches).toBe(0);
  });
});
