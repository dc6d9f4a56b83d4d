// CommandHandler implementations for tests: one that records every call (allocates), and one that
// only sums what it receives (allocates nothing, for heap-growth tests and benchmarks).
import type { CommandHandler } from '../../src/protocol/command-reader.ts';

export type Call = [string, ...number[]];

/** Method names of CommandHandler, excluding onMalformed. */
export const COMMAND_METHODS = [
  'createMesh', 'updatePosition', 'moveBy', 'updateOrientation', 'updateColor', 'updateScale', 'destroyEntity',
  'createCamera', 'updateCamera', 'updateCameraPosition', 'updateCameraOrientation', 'moveCamera', 'cameraLookAt',
  'setActiveCamera', 'updateCameraType', 'destroyCamera', 'frameEnd',
] as const;

/** Records each call as [method, ...args]; malformed records as ['onMalformed:CODE', type, length]. */
export function recordingHandler(calls: Call[]): CommandHandler {
  const h: Record<string, (...a: number[]) => void> = {};
  for (const m of COMMAND_METHODS) h[m] = (...a: number[]) => void calls.push([m, ...a]);
  return {
    ...(h as unknown as CommandHandler),
    onMalformed(code: string, type: number, length: number) {
      calls.push([`onMalformed:${code}`, type, length]);
    },
  };
}

/** Sums every argument; allocates nothing per call. */
export class SummingHandler implements CommandHandler {
  sum = 0;
  count = 0;
  malformed = 0;
  createMesh(id: number, cb: number, m: number, x: number, y: number, z: number, s: number, r: number, g: number, b: number, a: number): void {
    this.sum += id + cb + m + x + y + z + s + r + g + b + a;
    this.count++;
  }
  updatePosition(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  moveBy(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  updateOrientation(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  updateColor(id: number, r: number, g: number, b: number, a: number): void {
    this.sum += id + r + g + b + a;
    this.count++;
  }
  updateScale(id: number, s: number): void {
    this.sum += id + s;
    this.count++;
  }
  destroyEntity(id: number): void {
    this.sum += id;
    this.count++;
  }
  frameEnd(tick: number): void {
    this.sum += tick;
    this.count++;
  }
  createCamera(id: number, cb: number, x: number, y: number, z: number, yaw: number, p: number, r: number, t: number, f: number, n: number, fa: number): void {
    this.sum += id + cb + x + y + z + yaw + p + r + t + f + n + fa;
    this.count++;
  }
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, p: number, r: number): void {
    this.sum += id + x + y + z + yaw + p + r;
    this.count++;
  }
  updateCameraPosition(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  updateCameraOrientation(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  moveCamera(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  cameraLookAt(id: number, x: number, y: number, z: number): void {
    this.sum += id + x + y + z;
    this.count++;
  }
  setActiveCamera(id: number, cb: number): void {
    this.sum += id + cb;
    this.count++;
  }
  updateCameraType(id: number, t: number, cb: number): void {
    this.sum += id + t + cb;
    this.count++;
  }
  destroyCamera(id: number, cb: number): void {
    this.sum += id + cb;
    this.count++;
  }
  onMalformed(): void {
    this.malformed++;
  }
}
