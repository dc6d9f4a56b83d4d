/**
 * One `InstancedMesh` for one mesh type: instance slots with a free list, capacity growth, and
 * uploads limited to the slots written since the last frame.
 *
 * An instance's position is not in its matrix: the matrix holds rotation and scale only, and the
 * position is the per-instance attribute `instanceOffset` that the material's vertex shader adds
 * (three-instance-material.ts). So a write that moves an instance without turning, scaling or
 * recolouring it (the bulk transform path's case, `move`) stores three floats and composes no
 * matrix, and the frame uploads 12 bytes for it instead of a 64-byte matrix. Only what changed is
 * written: the pool remembers each slot's orientation, scale and colour as last written, and the
 * matrices, offsets and colours are each uploaded over the slots where they changed
 * (`UploadRange`: one range per attribute, or the whole buffer when that is cheaper).
 *
 * Slots are handed out LIFO from a free list, else from the high-water mark (`SlotAllocator`, as
 * the null and recording renderers do); the draw count is the high-water mark, and free or hidden
 * slots hold a zero matrix (every vertex lands on one point: no pixels).
 */
import { DynamicDrawUsage, InstancedBufferAttribute, InstancedMesh } from 'three';
import type { BufferGeometry, Material, Scene } from 'three';
import { SlotAllocator } from '../platform/renderer.ts';
import type { InstanceLook } from '../platform/renderer.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';
import { writeThreeSeedMatrix, writeZeroMatrix } from './three-seed-matrix.ts';
import { INSTANCE_OFFSET } from './three-instance-material.ts';
import { UploadRange } from './three-upload-range.ts';

/** sRGB byte (0-255) -> linear float, the working colour space of three.js. */
export const SRGB_TO_LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
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
  private readonly slots = new SlotAllocator();
  /** Per slot: 1 while handed out (a write or release of any other slot is an engine bug). */
  private live: Uint8Array;
  /** Per slot: the instance's position in three's axes (the `instanceOffset` attribute's array). */
  private offsets: Float32Array;
  /** Per slot, as last written: yaw, pitch, roll, scale (the matrix's rotation and scale part). */
  private basis: Float64Array;
  /** Per slot: 1 when the matrix holds a visible transform (else it is zero and needs composing). */
  private shown: Uint8Array;
  /** Per slot: the colour last written as r | g << 8 | b << 16 (-1: none yet). */
  private rgb: Int32Array;
  /** Writes that changed only the position (no matrix composed), and all writes. */
  translationOnlyWrites = 0;
  writes = 0;
  private readonly matrixUploads = new UploadRange(16);
  private readonly offsetUploads = new UploadRange(3);
  private readonly colorUploads = new UploadRange(3);

  /** Creates the pool and adds its mesh to `scene`. Allocates; setup only. */
  constructor(meshType: string, geometry: BufferGeometry, material: Material, scene: Scene, initialCapacity: number) {
    this.meshType = meshType;
    this.geometry = geometry;
    this.material = material;
    this.scene = scene;
    this.capacity = initialCapacity;
    this.live = new Uint8Array(initialCapacity);
    this.basis = new Float64Array(initialCapacity * 4);
    this.shown = new Uint8Array(initialCapacity);
    this.rgb = new Int32Array(initialCapacity).fill(-1);
    this.offsets = new Float32Array(initialCapacity * 3);
    this.mesh = this.createMesh(initialCapacity);
    scene.add(this.mesh);
  }

  /** Number of live instances. */
  get size(): number {
    return this.slots.live;
  }

  /** Slots the GPU buffers can hold before the next growth. */
  get slotCapacity(): number {
    return this.capacity;
  }

  /** Hands out a slot (hidden until written). Allocates only when the capacity doubles. */
  allocate(): number {
    const slot = this.slots.allocate();
    if (slot === this.mesh.count) {
      // A never-used slot: the drawn range grows to include it (the buffers double when full).
      if (slot === this.capacity) this.grow();
      this.mesh.count = slot + 1;
      this.mesh.visible = true;
    }
    this.live[slot] = 1;
    writeZeroMatrix(this.mesh.instanceMatrix.array, slot * 16);
    this.shown[slot] = 0;
    this.rgb[slot] = -1;
    this.matrixUploads.mark(slot);
    return slot;
  }

  /** Writes one instance's transform (seed coordinates) and colour (RGBA8, alpha 0 hides it) from `look`. */
  write(slot: number, look: InstanceLook): void {
    // live[slot] is undefined for a negative, fractional, NaN or too large slot.
    if (this.live[slot] !== 1) throwBadSlot(this.meshType, 'setInstance', slot, this.slots.highWater);
    const { x, y, z, yaw, pitch, roll, scale, r, g, b, a } = look;
    const matrices = this.mesh.instanceMatrix.array;
    const o = slot * 16;
    const t = this.basis;
    const k = slot * 4;
    this.writes++;
    if (!(look.visible && a > 0)) {
      writeZeroMatrix(matrices, o);
      this.shown[slot] = 0;
      this.matrixUploads.mark(slot);
    } else {
      this.place(slot, x, y, z);
      if (this.shown[slot] === 1 && t[k] === yaw && t[k + 1] === pitch && t[k + 2] === roll && t[k + 3] === scale) {
        this.translationOnlyWrites++;
      } else {
        // Rotation and scale only: the position is the instance's offset.
        writeThreeSeedMatrix(matrices, o, 0, 0, 0, yaw, pitch, roll, scale);
        t[k] = yaw; t[k + 1] = pitch; t[k + 2] = roll; t[k + 3] = scale;
        this.shown[slot] = 1;
        this.matrixUploads.mark(slot);
      }
    }
    // `& 255` keeps an out-of-range byte inside the table (the engine validates colours first).
    const packed = (r & 255) | ((g & 255) << 8) | ((b & 255) << 16);
    if (packed !== this.rgb[slot]) {
      this.rgb[slot] = packed;
      const colors = this.mesh.instanceColor!.array;
      const c = slot * 3;
      colors[c] = SRGB_TO_LINEAR[r & 255]!;
      colors[c + 1] = SRGB_TO_LINEAR[g & 255]!;
      colors[c + 2] = SRGB_TO_LINEAR[b & 255]!;
      this.colorUploads.mark(slot);
    }
  }

  /**
   * Moves one instance (seed coordinates): only its offset is written, its matrix (rotation and
   * scale) and colour stay; a hidden instance stays hidden (its zero matrix puts every vertex on one point).
   */
  move(slot: number, x: number, y: number, z: number): void {
    if (this.live[slot] !== 1) throwBadSlot(this.meshType, 'setInstancePositions', slot, this.slots.highWater);
    this.writes++;
    this.translationOnlyWrites++;
    this.place(slot, x, y, z);
  }

  /** Writes the offset of `slot` (writeThreeSeedMatrix's mapping: seed (x, y, z) -> three (-y, z, -x)). */
  private place(slot: number, x: number, y: number, z: number): void {
    const offsets = this.offsets;
    const i = slot * 3;
    offsets[i] = -y;
    offsets[i + 1] = z;
    offsets[i + 2] = -x;
    this.offsetUploads.mark(slot);
  }

  /** Frees a slot: it stops being drawn and may be handed out again. */
  release(slot: number): void {
    if (this.live[slot] !== 1) throwBadSlot(this.meshType, 'removeInstance', slot, this.slots.highWater);
    this.live[slot] = 0;
    this.slots.release(slot);
    writeZeroMatrix(this.mesh.instanceMatrix.array, slot * 16);
    this.shown[slot] = 0;
    this.matrixUploads.mark(slot);
  }

  /** Queues the GPU upload of every slot written since the last flush. Call once per frame, before drawing. */
  flush(): void {
    const used = this.slots.highWater;
    this.matrixUploads.flush(this.mesh.instanceMatrix, used);
    this.offsetUploads.flush(this.mesh.geometry.getAttribute(INSTANCE_OFFSET) as InstancedBufferAttribute, used);
    this.colorUploads.flush(this.mesh.instanceColor!, used);
  }

  /** The positions (three axes, 3 floats per slot) the shader adds to the matrices; for tests. */
  get offsetArray(): Float32Array {
    return this.offsets;
  }

  /** Removes the mesh from the scene and frees its instance buffers (its geometry is this pool's copy of the shared one). */
  dispose(): void {
    this.scene.remove(this.mesh);
    this.mesh.geometry.dispose();
    this.mesh.dispose();
  }

  /** Doubles the capacity: a new mesh with copied buffers replaces the old one. Allocates. */
  private grow(): void {
    const capacity = this.capacity * 2;
    this.capacity = capacity;
    this.live = grown(this.live, new Uint8Array(capacity));
    this.basis = grown(this.basis, new Float64Array(capacity * 4));
    this.shown = grown(this.shown, new Uint8Array(capacity));
    this.rgb = grown(this.rgb, new Int32Array(capacity).fill(-1));
    this.offsets = grown(this.offsets, new Float32Array(capacity * 3));
    const old = this.mesh;
    this.mesh = this.createMesh(capacity);
    (this.mesh.instanceMatrix.array as Float32Array).set(old.instanceMatrix.array as Float32Array);
    (this.mesh.instanceColor!.array as Float32Array).set(old.instanceColor!.array as Float32Array);
    this.scene.remove(old);
    old.geometry.dispose();
    old.dispose();
    this.scene.add(this.mesh);
    // The new buffers are uploaded whole on first use; pending ranges belonged to the old ones.
    this.matrixUploads.reset();
    this.offsetUploads.reset();
    this.colorUploads.reset();
  }

  private createMesh(capacity: number): InstancedMesh {
    // A copy of the shared geometry: the offsets are an attribute of this mesh's geometry, and a
    // copy's buffers are freed with it when the mesh is replaced.
    const geometry = this.geometry.clone();
    const offsets = new InstancedBufferAttribute(this.offsets, 3).setUsage(DynamicDrawUsage);
    offsets.onUpload(this.offsetUploads.onUploaded);
    geometry.setAttribute(INSTANCE_OFFSET, offsets);
    const mesh = new InstancedMesh(geometry, this.material, capacity);
    mesh.name = `twinframe:${this.meshType}`;
    mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    mesh.instanceMatrix.onUpload(this.matrixUploads.onUploaded);
    mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    mesh.instanceColor.setUsage(DynamicDrawUsage);
    mesh.instanceColor.onUpload(this.colorUploads.onUploaded);
    // Instances move every frame: bounds would be stale, and one mesh spans the whole world.
    mesh.frustumCulled = false;
    mesh.count = this.slots.highWater;
    mesh.visible = this.slots.highWater > 0;
    return mesh;
  }
}

/** `bigger` with `old` copied to its start. */
function grown<T extends Uint8Array | Int32Array | Float32Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old as ArrayLike<number>);
  return bigger;
}
