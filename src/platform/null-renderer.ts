/**
 * A renderer that draws nothing (style G9): the headless engine's renderer in Node and the CLI.
 * It still hands out instance slots the way a real renderer does (per mesh type, freed slots
 * reused), so the engine's resource bookkeeping runs exactly as in a browser. Allocates nothing
 * per frame (slot free lists grow only when more instances are live than ever before).
 */
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import type { Renderer } from './renderer.ts';

/** Per-mesh-type instance slot allocator: a free list over a growing Int32Array. */
export class SlotAllocator {
  private free = new Int32Array(64);
  private freeCount = 0;
  private nextSlot = 0;

  /** A free slot (reused ones first). */
  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    return this.nextSlot++;
  }

  /** Returns a slot to the free list. */
  release(slot: number): void {
    if (this.freeCount === this.free.length) {
      const grown = new Int32Array(this.free.length * 2);
      grown.set(this.free);
      this.free = grown;
    }
    this.free[this.freeCount++] = slot;
  }

  /** Slots handed out and not released. */
  get live(): number {
    return this.nextSlot - this.freeCount;
  }

  /** Forgets every slot. */
  clear(): void {
    this.freeCount = 0;
    this.nextSlot = 0;
  }
}

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

  setInstance(
    _meshTypeIndex: number, _slot: number,
    _x: number, _y: number, _z: number,
    _yawDeg: number, _pitchDeg: number, _rollDeg: number,
    _scale: number, _r: number, _g: number, _b: number, _a: number, _visible: boolean,
  ): void {
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

  debugLine(
    _x0: number, _y0: number, _z0: number, _x1: number, _y1: number, _z1: number,
    _r: number, _g: number, _b: number, _a: number, _mode: number,
  ): void {
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
