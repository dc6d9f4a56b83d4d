/**
 * The recorded world rebuilt for a divergence report (replay-session.ts): the viewer's KeyframeWorld
 * restored from the incarnation's last keyframe before the point, then fed the recorded frames and
 * their bulk positions (format 2).
 */
import { COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { forEachRecord } from '../protocol/logic-facts.ts';
import { KeyframeWorld } from '../engine/keyframe-world.ts';
import { NullRenderer } from '../platform/null-renderer.ts';
import type { RecordingHeader } from './replay-model.ts';
import type { PlannedIncarnation, ReplayPlan } from './replay-plan.ts';

/**
 * The recorded world at engine frame `frame` of `inc` (recfile's KeyframeWorld, the viewer's): the
 * incarnation's last keyframe at or before it, then the recorded commands of the frames after it.
 */
export function rebuildRecordedWorld(plan: ReplayPlan, header: RecordingHeader, inc: PlannedIncarnation, frame: number): KeyframeWorld {
  const world = new KeyframeWorld({ renderer: new NullRenderer(), entityCapacity: header.entityCapacity, cameraCapacity: header.cameraCapacity });
  let from = -1;
  for (const k of inc.keyframes) {
    if (k.frame <= frame && k.frame > from) from = k.frame;
  }
  const key = inc.keyframes.find((k) => k.frame === from);
  if (key !== undefined) world.restore(key.entities, key.cameras);
  for (const e of plan.frames) {
    if (e.incarnation !== inc.incarnation || e.frame <= from || e.frame > frame) continue;
    world.applyRecords(e.records);
    const bulk = plan.bulkAfter.get(e);
    if (bulk !== undefined) world.applyBulk(bulk);
    world.endFrame();
  }
  return world;
}

/**
 * The recorded world of `inc` right after tick `tick`: rebuilt (rebuildRecordedWorld's way) up to
 * the record after that tick's FRAME_END, inside the engine frame that applied it. `exact` is false
 * when a frame it needed lacks its game commands (a flight recording's older frames).
 */
export function recordedWorldAfterTick(plan: ReplayPlan, header: RecordingHeader, inc: PlannedIncarnation, tick: number): { world: KeyframeWorld; frame: number; exact: boolean } {
  const frames = plan.frames.filter((e) => e.incarnation === inc.incarnation);
  let target = frames.at(-1);
  let cut = target?.records.byteLength ?? 0;
  for (const e of frames) {
    let at = -1;
    forEachRecord(e.records, (opcode, _type, payload, length) => {
      if (opcode === COMMAND_OPCODES.FRAME_END && new DataView(e.records.buffer, e.records.byteOffset + payload, 4).getInt32(0, true) === tick) {
        at = payload + ((length + 7) & -8);
        return false;
      }
      return true;
    });
    if (at >= 0) {
      target = e;
      cut = at;
      break;
    }
  }
  const world = new KeyframeWorld({ renderer: new NullRenderer(), entityCapacity: header.entityCapacity, cameraCapacity: header.cameraCapacity });
  if (target === undefined) return { world, frame: 0, exact: false };
  let from = -1;
  for (const k of inc.keyframes) {
    if (k.frame < target.frame && k.frame > from) from = k.frame;
  }
  const key = inc.keyframes.find((k) => k.frame === from);
  if (key !== undefined) world.restore(key.entities, key.cameras);
  let exact = true;
  for (const e of frames) {
    if (e.frame <= from || e.frame > target.frame) continue;
    const whole = e !== target || cut === e.records.byteLength;
    world.applyRecords(e.records, 0, whole ? e.records.byteLength : cut);
    // The frame's bulk positions come after all its records (not inside a frame cut after a tick).
    const bulk = whole ? plan.bulkAfter.get(e) : undefined;
    if (bulk !== undefined) world.applyBulk(bulk);
    world.endFrame();
    if (inc.frames.find((f) => f.frame === e.frame)?.complete === false) exact = false;
  }
  return { world, frame: target.frame, exact };
}

