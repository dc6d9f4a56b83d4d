// CommandSink implementations for tests: one that records every call (allocates), and one that
// only sums what it receives (allocates nothing, for heap-growth tests and benchmarks). Both are
// their own entity and camera targets and apply every command.
import type { CommandSink } from '../../src/protocol/command-reader.ts';
import type { AudioCommandTarget, CameraCommandTarget, EntityCommandTarget } from '../../src/protocol/command-targets.ts';
import { updatePositionsOneByOne } from '../../src/protocol/command-targets.ts';

export type Call = [string, ...number[]];

/** Method names of the command targets plus frameEnd (the command table's `method`s). */
export const COMMAND_METHODS = [
  'createMesh', 'updatePosition', 'moveBy', 'updateOrientation', 'updateColor', 'updateScale', 'destroyEntity',
  'createCamera', 'updateCamera', 'updateCameraPosition', 'updateCameraOrientation', 'moveCamera', 'cameraLookAt',
  'setActiveCamera', 'updateCameraType', 'destroyCamera', 'frameEnd',
  'loadSound', 'startSound', 'stopSound', 'setSoundVolume', 'setSoundBalance', 'setSoundSpeed', 'setSoundPosition',
  'updateListener',
] as const;

/** Records each call as [method, ...args]; malformed records as ['onMalformed:CODE', type, length]. */
export function recordingHandler(calls: Call[]): CommandSink {
  const h: Record<string, (...a: number[]) => boolean> = {};
  for (const m of COMMAND_METHODS) h[m] = (...a: number[]) => { calls.push([m, ...a]); return true; };
  const targets = h as unknown as EntityCommandTarget & CameraCommandTarget & AudioCommandTarget;
  // A run of update-position records is recorded as the updatePosition calls it stands for.
  targets.updatePositionRun = (i32, f32, q, count, strideWords) => updatePositionsOneByOne(targets, i32, f32, q, count, strideWords);
  return {
    entities: targets,
    cameras: targets,
    audio: targets,
    origin: 0,
    applied: 0,
    rejected: 0,
    frameEnd(tick: number) {
      calls.push(['frameEnd', tick]);
    },
    onMalformed(code: string, type: number, length: number) {
      calls.push([`onMalformed:${code}`, type, length]);
    },
  };
}

/** Sums every argument; allocates nothing per call. */
export class SummingHandler implements CommandSink, EntityCommandTarget, CameraCommandTarget, AudioCommandTarget {
  readonly entities: EntityCommandTarget = this;
  readonly cameras: CameraCommandTarget = this;
  readonly audio: AudioCommandTarget = this;
  origin = 0;
  applied = 0;
  rejected = 0;
  sum = 0;
  count = 0;
  malformed = 0;
  createMesh(id: number, cb: number, m: number, x: number, y: number, z: number, s: number, r: number, g: number, b: number, a: number): boolean {
    this.sum += id + cb + m + x + y + z + s + r + g + b + a;
    this.count++;
    return true;
  }
  updatePosition(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  updatePositionRun(i32: Int32Array, f32: Float32Array, q: number, count: number, strideWords: number): number {
    return updatePositionsOneByOne(this, i32, f32, q, count, strideWords);
  }
  moveBy(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  updateOrientation(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  updateColor(id: number, r: number, g: number, b: number, a: number): boolean {
    this.sum += id + r + g + b + a;
    this.count++;
    return true;
  }
  updateScale(id: number, s: number): boolean {
    this.sum += id + s;
    this.count++;
    return true;
  }
  destroyEntity(id: number): boolean {
    this.sum += id;
    this.count++;
    return true;
  }
  loadSound(id: number, s: number, l: number, o: number, b0: number, b1: number, b2: number, b3: number, b4: number, b5: number, b6: number, b7: number): boolean {
    this.sum += id + s + l + o + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7;
    this.count++;
    return true;
  }
  startSound(id: number, s: number, l: number, v: number, b: number, sp: number, p: number, q: number, x: number, y: number, z: number): boolean {
    this.sum += id + s + l + v + b + sp + p + q + x + y + z;
    this.count++;
    return true;
  }
  stopSound(id: number): boolean {
    this.sum += id;
    this.count++;
    return true;
  }
  setSoundVolume(id: number, v: number): boolean {
    this.sum += id + v;
    this.count++;
    return true;
  }
  setSoundBalance(id: number, v: number): boolean {
    this.sum += id + v;
    this.count++;
    return true;
  }
  setSoundSpeed(id: number, v: number): boolean {
    this.sum += id + v;
    this.count++;
    return true;
  }
  setSoundPosition(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  updateListener(i: number, n: number, x: number, y: number, z: number, fx: number, fy: number, fz: number, ux: number, uy: number, uz: number): boolean {
    this.sum += i + n + x + y + z + fx + fy + fz + ux + uy + uz;
    this.count++;
    return true;
  }
  frameEnd(tick: number): void {
    this.sum += tick;
    this.count++;
  }
  createCamera(id: number, cb: number, x: number, y: number, z: number, yaw: number, p: number, r: number, t: number, f: number, n: number, fa: number): boolean {
    this.sum += id + cb + x + y + z + yaw + p + r + t + f + n + fa;
    this.count++;
    return true;
  }
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, p: number, r: number): boolean {
    this.sum += id + x + y + z + yaw + p + r;
    this.count++;
    return true;
  }
  updateCameraPosition(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  updateCameraOrientation(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  moveCamera(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  cameraLookAt(id: number, x: number, y: number, z: number): boolean {
    this.sum += id + x + y + z;
    this.count++;
    return true;
  }
  setActiveCamera(id: number, cb: number): boolean {
    this.sum += id + cb;
    this.count++;
    return true;
  }
  updateCameraType(id: number, t: number, cb: number): boolean {
    this.sum += id + t + cb;
    this.count++;
    return true;
  }
  destroyCamera(id: number, cb: number): boolean {
    this.sum += id + cb;
    this.count++;
    return true;
  }
  onMalformed(): void {
    this.malformed++;
  }
}
