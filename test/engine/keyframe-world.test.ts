// KeyframeWorld: the engine's systems driven by recorded ring records and restored from keyframes.
import { describe, expect, it } from 'vitest';
import { KeyframeWorld } from '../../src/engine/keyframe-world.ts';
import { NullRenderer } from '../../src/platform/null-renderer.ts';
import { stateHash } from '../../src/protocol/state-hash.ts';
import { RECORD_TAG } from '../../src/shared-memory/ring-layout.ts';
import { syntheticRecording, CAMERA_ID } from '../dev/replay-view-synthetic.ts';
import type { EngineFrameEvent, KeyframeEvent } from '../../src/protocol/recording.ts';

function world(): { w: KeyframeWorld; r: NullRenderer } {
  const r = new NullRenderer();
  return { w: new KeyframeWorld({ renderer: r, entityCapacity: 1024, cameraCapacity: 8 }), r };
}

describe('KeyframeWorld', () => {
  const s = syntheticRecording({ frames: 130, entities: 20, keyframeEvery: 60 });
  const frames = s.events.filter((e): e is EngineFrameEvent => e.kind === 'frame');
  const keyframes = s.events.filter((e): e is KeyframeEvent => e.kind === 'keyframe');

  it('restores a keyframe to the same state hash, instances and active camera, then applies later frames to the recorded hash', () => {
    const { w, r } = world();
    const kf = keyframes[0]!;
    w.restore(kf.entities, kf.cameras);
    expect(w.stateHash()).toBe(stateHash(kf.entities, kf.cameras));
    expect(w.stateHash()).toBe(frames[59]!.stateHash);
    expect(r.liveInstances).toBe(20);
    expect(w.cameras.activeId).toBe(CAMERA_ID);
    expect(w.tick).toBe(60);
    for (let i = 60; i < 130; i++) {
      w.applyRecords(frames[i]!.records);
      w.endFrame();
      expect(w.stateHash(), `frame ${i}`).toBe(frames[i]!.stateHash);
    }
    // Restoring again (over a populated world) gives the keyframe back, with no instance leaked.
    w.restore(kf.entities, kf.cameras);
    expect(w.stateHash()).toBe(frames[59]!.stateHash);
    expect(r.liveInstances).toBe(20);
  });

  it('skips records it does not apply (facts, unknown types) and stops at bytes that do not frame', () => {
    const { w } = world();
    const rec = frames[0]!.records;
    // A fact-like record of type 200 (8 payload bytes) before the frame's own records, then 5 garbage bytes.
    const fact = new Uint8Array(16);
    new DataView(fact.buffer).setInt32(0, 8, true);
    new DataView(fact.buffer).setInt32(4, (RECORD_TAG << 16) | 200, true);
    const bytes = new Uint8Array(fact.byteLength + rec.byteLength + 5);
    bytes.set(fact, 0);
    bytes.set(rec, fact.byteLength);
    bytes.fill(0xee, fact.byteLength + rec.byteLength);
    const out = { commands: 0, skipped: 0, malformedBytes: 0 };
    w.applyRecords(bytes, 0, bytes.byteLength, out);
    w.endFrame();
    expect(out.skipped).toBe(1);
    expect(out.malformedBytes).toBe(5);
    expect(out.commands).toBeGreaterThan(2);
    expect(w.stateHash()).toBe(frames[0]!.stateHash);
  });
});
