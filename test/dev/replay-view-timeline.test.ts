// The viewer's model: any frame of a recording, reached by any path (a scrub forwards, backwards,
// across a keyframe or a restart, or frame by frame), shows exactly the world the recorded engine
// had after that frame: the script's own model (ids and positions), the recorded tick, the
// recorded state hash, and as many renderer instances as live entities.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeRecording } from '../../src/protocol/recording-encoder.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { readEntity, emptyEntitySnapshot } from '../../src/protocol/entity-state.ts';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { ReplayTimeline } from '../../src/dev/replay-view-timeline.ts';
import { syntheticRecording, type Synthetic } from './replay-view-synthetic.ts';

async function timelineOf(s: Synthetic, kind: 'full' | 'flight' = 'full'): Promise<{ t: ReplayTimeline; renderer: NullRenderer; world: KeyframeWorld }> {
  const file = await encodeRecording({ ...s.header, kind }, s.events);
  const decoded = await decodeRecording(file);
  const renderer = new NullRenderer();
  const world = new KeyframeWorld({ renderer, entityCapacity: s.header.entityCapacity, cameraCapacity: s.header.cameraCapacity });
  return { t: new ReplayTimeline(decoded, world), renderer, world };
}

function expectWorldAt(s: Synthetic, t: ReplayTimeline, renderer: NullRenderer, index: number, offset = 0): void {
  const model = s.modelAt(index + offset);
  const world = t.world;
  const where = `frame index ${index}`;
  expect(world.liveEntities, where).toBe(model.size);
  expect(renderer.liveInstances, `${where}: renderer instances`).toBe(model.size);
  const snap = emptyEntitySnapshot();
  for (const [id, [x, y, z]] of model) {
    expect(readEntity(world.entityState, id, snap), `${where}: entity ${id} live`).toBe(true);
    expect([snap.x, snap.y, snap.z], `${where}: entity ${id} position`).toEqual([x, y, z]);
  }
  expect(t.ticks[index], `${where}: tick`).toBe(s.tickAt(index + offset));
  expect(world.tick, `${where}: the world's tick`).toBe(s.tickAt(index + offset));
  expect(world.stateHash(), `${where}: state hash`).toBe(t.frames[index]!.stateHash);
}

describe('ReplayTimeline', () => {
  const s = syntheticRecording({ frames: 330, entities: 24, keyframeEvery: 60, restartAt: 200 });

  it('indexes frames, ticks, keyframes and diagnostics', async () => {
    const { t } = await timelineOf(s);
    expect(t.frameCount).toBe(330);
    expect(t.keyframes.length).toBe(5);
    expect(t.ticks[199]).toBe(200);
    expect(t.ticks[200], 'ticks restart with the incarnation').toBe(1);
    expect(t.indexOfTick(50)).toBe(49);
    expect(t.diagnosticsAt(200).map((d) => d.code)).toContain('TF4110');
    expect(t.recentDiagnostics(329, 3).length).toBe(3);
  });

  it('any sequence of scrubs shows the recorded world at each target (property, seeded)', async () => {
    const { t, renderer } = await timelineOf(s);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(329), { minLength: 1, maxLength: 12 }), async (targets) => {
        for (const i of targets) {
          const r = t.seek(i);
          expect(r.index).toBe(i);
          expectWorldAt(s, t, renderer, i);
        }
      }),
      { seed: 1616, numRuns: 25 },
    );
    expect(t.hashMismatches).toBe(0);
  });

  it('restores the nearest keyframe at or before the target, or continues from the current frame', async () => {
    const { t } = await timelineOf(s);
    expect(t.seek(10)).toEqual({ index: 10, restoredKeyframe: -1, framesApplied: 11 });
    expect(t.seek(12)).toEqual({ index: 12, restoredKeyframe: -1, framesApplied: 2 });
    // Keyframe 1 is taken after frame index 119: frames 120..130 are applied on it.
    expect(t.seek(130)).toEqual({ index: 130, restoredKeyframe: 1, framesApplied: 11 });
    expect(t.seek(5)).toEqual({ index: 5, restoredKeyframe: -1, framesApplied: 6 });
    // Past the restart (frame index 200): keyframe 2 (after 179), then the restart empties the world.
    expect(t.seek(205)).toEqual({ index: 205, restoredKeyframe: 2, framesApplied: 26 });
  });

  it('stepping frame by frame matches the model at every frame', async () => {
    const { t, renderer } = await timelineOf(s);
    for (let i = 0; i < t.frameCount; i++) {
      t.seek(i);
      if (i % 7 === 0 || i === 199 || i === 200) expectWorldAt(s, t, renderer, i);
    }
    expect(t.hashMismatches).toBe(0);
  });

  it('a flight recording starts at its first keyframe', async () => {
    const first = s.events.findIndex((e) => e.kind === 'keyframe');
    const flight = { ...s, events: [...s.events.slice(0, 1), ...s.events.slice(first)] };
    const { t, renderer } = await timelineOf(flight, 'flight');
    expect(t.frameCount).toBe(330 - 60);
    t.seek(0);
    expectWorldAt(s, t, renderer, 0, 60);
    t.seek(100);
    expectWorldAt(s, t, renderer, 100, 60);
  });
});
