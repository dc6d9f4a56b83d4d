/**
 * One `InstancedMesh` for one mesh type: instance slots with a free list, capacity growth, and
 * uploads limited to the slots written since the last frame.
 *
 * Only what changed is written: the pool remembers each slot's orientation, scale and colour as
 * last written, so a write that moves an instance without turning, scaling or recolouring it
 * (the bulk transform path's case) stores the three translation floats of its matrix and
 * composes no matrix (no trigonometry), and the colour buffer is uploaded only over the slots
 * whose colour changed.
 *
 * Slots are handed out LIFO from a free list, else from the high-water mark; the draw count is
 * the high-water mark, and free or hidden slots hold a zero matrix (degenerate triangles cover no
 * pixels). Each frame `flush` uploads one contiguous range per attribute, from the lowest to the
 * highest slot written (`BufferAttribute.updateRanges`, with a range object reused every frame),
 * or the whole buffer when the range covers most of the used slots. (three.js sorts the ranges
 * with an inline comparator when it uploads them: that one closure per attribute per frame is
 * three's, not ours.)
 */
import { DynamicDrawUsage, InstancedBufferAttribute, InstancedMesh } from 'three';
import type { BufferGeometry, Material, Scene } from 'three';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import { writeThreeSeedMatrix, writeZeroMatrix } from './three-seed-matrix.ts';

/** sRGB byte (0-255) -> linear float, the working colour space of three.js. */
export const SRGB_TO_LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** An update range that `flush` reuses every frame (three's `{start, count}` shape). */
interface UpdateRange {
  start: number;
  count: number;
}

function throwBadSlot(meshType: string, op: string, slot: number, highWater: number): never {
  throw new TwinframeError(
    THREE_RENDERER_CODES.RENDERER_BAD_ARGUMENT.code,
    `ThreeRenderer.${op}: instance slot of mesh type '${meshType}' is not live; got ${slot}, expected a slot returned by createInstance and not yet removed (0..${highWater - 1}). ` +
      'The engine passed a stale or foreign slot: check the RenderResourceManager bookkeeping.',
    { meshType, slot },
  );
}

/** The instances of one mesh type, drawn by one `InstancedMesh` (one draw call). */
export class ThreeInstancePool {
  /** The mesh currently in the scene; replaced when capacity grows. */
  mesh: InstancedMesh;
  private readonly meshType: string;
  private readonly geometry: BufferGeometry;
  private readonly material: Material;
  private readonly scene: Scene;
  private capacity: number;
  private highWater = 0;
  private liveCount = 0;
  private live: Uint8Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private dirtyMin = Number.MAX_SAFE_INTEGER;
  private dirtyMax = -1;
  private colorDirtyMin = Number.MAX_SAFE_INTEGER;
  private colorDirtyMax = -1;
  /** Per slot, as last written: yaw, pitch, roll, scale (the matrix's rotation and scale part). */
  private basis: Float64Array;
  /** Per slot: 1 when the matrix holds a visible transform (else it is zero and needs composing). */
  private shown: Uint8Array;
  /** Per slot: the colour last written as r | g << 8 | b << 16 (-1: none yet). */
  private rgb: Int32Array;
  /** Writes that changed only the position (no matrix composed), and all writes. */
  translationOnlyWrites = 0;
  writes = 0;
  private readonly matrixRange: UpdateRange = { start: 0, count: 0 };
  private readonly colorRange: UpdateRange = { start: 0, count: 0 };
  /** True from a flush until three.js reports the matrix upload (created once, not per frame). */
  private uploadPending = false;
  private readonly onUploaded = (): void => {
    this.uploadPending = false;
  };

  /** Creates the pool and adds its mesh to `scene`. Allocates; setup only. */
  constructor(meshType: string, geometry: BufferGeometry, material: Material, scene: Scene, initialCapacity: number) {
    this.meshType = meshType;
    this.geometry = geometry;
    this.material = material;
    this.scene = scene;
    this.capacity = initialCapacity;
    this.live = new Uint8Array(initialCapacity);
    this.freeSlots = new Int32Array(initialCapacity);
    this.basis = new Float64Array(initialCapacity * 4);
    this.shown = new Uint8Array(initialCapacity);
    this.rgb = new Int32Array(initialCapacity).fill(-1);
    this.mesh = this.createMesh(initialCapacity);
    scene.add(this.mesh);
  }

  /** Number of live instances. */
  get size(): number {
    return this.liveCount;
  }

  /** Slots the GPU buffers can hold before the next growth. */
  get slotCapacity(): number {
    return this.capacity;
  }

  /** Hands out a slot (hidden until written). Allocates only when the capacity doubles. */
  allocate(): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount]!;
    } else {
      if (this.highWater === this.capacity) this.grow();
      slot = this.highWater++;
      this.mesh.count = this.highWater;
      this.mesh.visible = true;
    }
    this.live[slot] = 1;
    this.liveCount++;
    writeZeroMatrix(this.mesh.instanceMatrix.array, slot * 16);
    this.shown[slot] = 0;
    this.rgb[slot] = -1;
    this.markDirty(slot);
    return slot;
  }

  /** Writes one instance's transform (seed coordinates) and colour (RGBA8, alpha 0 hides it). */
  write(
    slot: number,
    x: number, y: number, z: number,
    yawDeg: number, pitchDeg: number, rollDeg: number,
    scale: number,
    r: number, g: number, b: number, a: number,
    visible: boolean,
  ): void {
    if (!(slot >= 0 && slot < this.highWater && this.live[slot] === 1)) throwBadSlot(this.meshType, 'setInstance', slot, this.highWater);
    const matrices = this.mesh.instanceMatrix.array;
    const o = slot * 16;
    const t = this.basis;
    const k = slot * 4;
    this.writes++;
    if (!(visible && a > 0)) {
      writeZeroMatrix(matrices, o);
      this.shown[slot] = 0;
    } else if (this.shown[slot] === 1 && t[k] === yawDeg && t[k + 1] === pitchDeg && t[k + 2] === rollDeg && t[k + 3] === scale) {
      // Same rotation and scale as the matrix holds: only its translation column changes, in
      // three's axes (writeThreeSeedMatrix's mapping: seed (x, y, z) -> three (-y, z, -x)).
      matrices[o + 12] = -y;
      matrices[o + 13] = z;
      matrices[o + 14] = -x;
      this.translationOnlyWrites++;
    } else {
      writeThreeSeedMatrix(matrices, o, x, y, z, yawDeg, pitchDeg, rollDeg, scale);
      t[k] = yawDeg; t[k + 1] = pitchDeg; t[k + 2] = rollDeg; t[k + 3] = scale;
      this.shown[slot] = 1;
    }
    this.markDirty(slot);
    // `& 255` keeps an out-of-range byte inside the table (the engine validates colours first).
    const packed = (r & 255) | ((g & 255) << 8) | ((b & 255) << 16);
    if (packed !== this.rgb[slot]) {
      this.rgb[slot] = packed;
      const colors = this.mesh.instanceColor!.array;
      const c = slot * 3;
      colors[c] = SRGB_TO_LINEAR[r & 255]!;
      colors[c + 1] = SRGB_TO_LINEAR[g & 255]!;
      colors[c + 2] = SRGB_TO_LINEAR[b & 255]!;
      if (slot < this.colorDirtyMin) this.colorDirtyMin = slot;
      if (slot > this.colorDirtyMax) this.colorDirtyMax = slot;
    }
  }

  /**
   * Moves one instance (seed coordinates): only its matrix's translation column is written, the
   * rotation, scale and colour stay; a hidden instance stays hidden (its next write places it).
   */
  move(slot: number, x: number, y: number, z: number): void {
    if (!(slot >= 0 && slot < this.highWater && this.live[slot] === 1)) throwBadSlot(this.meshType, 'setInstancePositions', slot, this.highWater);
    this.writes++;
    if (this.shown[slot] !== 1) return;
    const matrices = this.mesh.instanceMatrix.array;
    const o = slot * 16;
    // writeThreeSeedMatrix's mapping: seed (x, y, z) -> three (-y, z, -x).
    matrices[o + 12] = -y;
    matrices[o + 13] = z;
    matrices[o + 14] = -x;
    this.translationOnlyWrites++;
    this.markDirty(slot);
  }

  /** Frees a slot: it stops being drawn and may be handed out again. */
  release(slot: number): void {
    if (!(slot >= 0 && slot < this.highWater && this.live[slot] === 1)) throwBadSlot(this.meshType, 'removeInstance', slot, this.highWater);
    this.live[slot] = 0;
    this.liveCount--;
    this.freeSlots[this.freeCount++] = slot;
    writeZeroMatrix(this.mesh.instanceMatrix.array, slot * 16);
    this.shown[slot] = 0;
    this.markDirty(slot);
  }

  /** Queues the GPU upload of every slot written since the last flush. Call once per frame, before drawing. */
  flush(): void {
    if (this.dirtyMax < 0) return;
    const min = this.dirtyMin;
    const max = this.dirtyMax;
    this.dirtyMin = Number.MAX_SAFE_INTEGER;
    this.dirtyMax = -1;
    const matrices = this.mesh.instanceMatrix;
    // A range covering most of the used prefix costs more in bookkeeping than it saves; and if
    // the last flush was never uploaded (nothing drawn since), only a whole upload is correct.
    const wasPending = this.uploadPending;
    const partial = !wasPending && (max - min + 1) * 2 < this.highWater;
    queueRange(matrices, this.matrixRange, partial, min * 16, (max + 1) * 16);
    // Colours only where they changed; after an upload that never happened (uploadPending), the
    // colour buffer goes whole with the matrices, as before.
    const cmin = this.colorDirtyMin;
    const cmax = this.colorDirtyMax;
    this.colorDirtyMin = Number.MAX_SAFE_INTEGER;
    this.colorDirtyMax = -1;
    if (cmax >= 0 || wasPending) {
      const colorPartial = !wasPending && cmax >= 0 && (cmax - cmin + 1) * 2 < this.highWater;
      queueRange(this.mesh.instanceColor!, this.colorRange, colorPartial, cmin * 3, (cmax + 1) * 3);
    }
    this.uploadPending = true;
  }

  /** Removes the mesh from the scene and frees its instance buffers (not the shared geometry). */
  dispose(): void {
    this.scene.remove(this.mesh);
    this.mesh.dispose();
  }

  private markDirty(slot: number): void {
    if (slot < this.dirtyMin) this.dirtyMin = slot;
    if (slot > this.dirtyMax) this.dirtyMax = slot;
  }

  /** Doubles the capacity: a new mesh with copied buffers replaces the old one. Allocates. */
  private grow(): void {
    const capacity = this.capacity * 2;
    const old = this.mesh;
    const mesh = this.createMesh(capacity);
    (mesh.instanceMatrix.array as Float32Array).set(old.instanceMatrix.array as Float32Array);
    (mesh.instanceColor!.array as Float32Array).set(old.instanceColor!.array as Float32Array);
    mesh.count = this.highWater;
    this.scene.remove(old);
    old.dispose();
    this.scene.add(mesh);
    const live = new Uint8Array(capacity);
    live.set(this.live);
    this.live = live;
    const free = new Int32Array(capacity);
    free.set(this.freeSlots);
    this.freeSlots = free;
    const basis = new Float64Array(capacity * 4);
    basis.set(this.basis);
    this.basis = basis;
    const shown = new Uint8Array(capacity);
    shown.set(this.shown);
    this.shown = shown;
    const rgb = new Int32Array(capacity).fill(-1);
    rgb.set(this.rgb);
    this.rgb = rgb;
    this.capacity = capacity;
    this.mesh = mesh;
    // The new buffers are uploaded whole on first use; pending ranges belonged to the old ones.
    this.dirtyMin = Number.MAX_SAFE_INTEGER;
    this.dirtyMax = -1;
    this.colorDirtyMin = Number.MAX_SAFE_INTEGER;
    this.colorDirtyMax = -1;
  }

  private createMesh(capacity: number): InstancedMesh {
    const mesh = new InstancedMesh(this.geometry, this.material, capacity);
    mesh.name = `twinframe:${this.meshType}`;
    mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    mesh.instanceMatrix.onUpload(this.onUploaded);
    mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    mesh.instanceColor.setUsage(DynamicDrawUsage);
    // Instances move every frame: bounds would be stale, and one mesh spans the whole world.
    mesh.frustumCulled = false;
    mesh.count = this.highWater;
    mesh.visible = this.highWater > 0;
    return mesh;
  }
}

/**
 * Queues [from, to) of `attribute` for upload through the reused `range` object, or (when not
 * `partial`) the whole buffer. three.js empties `updateRanges` once it has uploaded them.
 */
function queueRange(attribute: InstancedBufferAttribute, range: UpdateRange, partial: boolean, from: number, to: number): void {
  attribute.clearUpdateRanges();
  if (partial) {
    range.start = from;
    range.count = to - from;
    (attribute.updateRanges as UpdateRange[]).push(range);
  }
  attribute.needsUpdate = true;
}
