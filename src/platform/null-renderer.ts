/**
 * A renderer that draws nothing (style G9): the headless engine's renderer in Node and the CLI.
 * It still hands out instance slots the way a real renderer does (per mesh type, freed slots
 * reused), so the engine's resource bookkeeping runs exactly as in a browser. Allocates nothing
 * per frame (slot free lists grow only when more instances are live than ever before).
 */
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import type { DebugLineLook, InstanceLook, Renderer } from './renderer.ts';
import { SlotAllocator } from './slot-allocator.ts';

/** Draws nothing; counts what it was asked to do. */
export class NullRenderer implements Renderer {
  private readonly slots: SlotAllocator[] = MESH_TYPES.map(() => new SlotAllocator());
  /** Frames rendered. */
  frames = 0;
  /** setInstance calls. */
  instanceUpdates = 0;
  /** Instances moved by setInstancePositions. */
  positionUpdates = 0;
  /** Debug line sets received (beginDebug calls). */
  debugSets = 0;
  /** Lines of the current debug set, and debugLine calls in total. */
  debugLines = 0;
  debugLinesTotal = 0;

  createInstance(meshTypeIndex: number): number {
    const s = this.slots[meshTypeIndex];
    return s === undefined ? -1 : s.allocate();
  }

  setInstance(_meshTypeIndex: number, _slot: number, _look: InstanceLook): void {
    this.instanceUpdates++;
  }

  removeInstance(meshTypeIndex: number, slot: number): void {
    this.slots[meshTypeIndex]?.release(slot);
  }

  /** Counts the positions (the bulk path's one call per frame). */
  setInstancePositions(_meshTypes: Uint8Array, _slots: Int32Array, _xyz: Float32Array, count: number): void {
    this.positionUpdates += count;
  }

  setCamera(
    _x: number, _y: number, _z: number,
    _yawDeg: number, _pitchDeg: number, _rollDeg: number,
    _cameraTypeIndex: number, _fovDeg: number, _near: number, _far: number,
  ): void {}

  beginDebug(): void {
    this.debugSets++;
    this.debugLines = 0;
    this.debugTexts = 0;
  }

  debugLine(_line: DebugLineLook): void {
    this.debugLines++;
    this.debugLinesTotal++;
  }

  /** Texts of the current debug set (world, billboard, screen texts and messages). */
  debugTexts = 0;

  debugText(): void {
    this.debugTexts++;
  }

  endDebug(): void {}

  render(): void {
    this.frames++;
  }

  /** Instances live now, over every mesh type. */
  get liveInstances(): number {
    let n = 0;
    for (const s of this.slots) n += s.live;
    return n;
  }

  dispose(): void {
    for (const s of this.slots) s.clear();
  }
}
