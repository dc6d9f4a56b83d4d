/**
 * A renderer that remembers what the engine asked it to draw (style G13): tests assert on the
 * instances' transforms and colours, the active camera, and call counts, with no GPU. Allocates
 * per call (a record per instance): for tests, never for the hot-path heap test (use NullRenderer).
 */
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import type { MeshType } from '../protocol/mesh-types.ts';
import { CAMERA_TYPES } from '../protocol/camera-types.ts';
import type { CameraType } from '../protocol/camera-types.ts';
import { SlotAllocator } from './slot-allocator.ts';
import type { DebugLineLook, InstanceLook, Renderer } from './renderer.ts';

/** What one instance looks like now: a copy of the last `InstanceLook` set (a fresh one: at the origin, white, hidden). */
export interface RecordedInstance extends Writable<InstanceLook> {
  readonly meshType: MeshType;
  readonly slot: number;
  /** setInstance and setInstancePositions calls for this instance since it was created. */
  updates: number;
}

/** `T` with its fields writable (a recorded instance is updated in place). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The active camera as last set. */
export interface RecordedCamera {
  x: number; y: number; z: number;
  yaw: number; pitch: number; roll: number;
  type: CameraType;
  fovDeg: number; near: number; far: number;
}

/** One debug line as handed to the renderer (seed coordinates, RGBA8 channels, mode index). */
export interface RecordedDebugLine {
  readonly x0: number; readonly y0: number; readonly z0: number;
  readonly x1: number; readonly y1: number; readonly z1: number;
  readonly r: number; readonly g: number; readonly b: number; readonly a: number;
  readonly mode: number;
}

/** One debug text as handed to the renderer (`kind` indexes DEBUG_TEXT_KINDS; see Renderer.debugText). */
export interface RecordedDebugText {
  readonly kind: number;
  readonly text: string;
  readonly x: number; readonly y: number; readonly z: number;
  readonly height: number; readonly alignX: number; readonly alignY: number;
  readonly r: number; readonly g: number; readonly b: number; readonly a: number;
  readonly mode: number;
}

/** Counts of every call. */
export interface RendererCallCounts {
  created: number;
  updated: number;
  removed: number;
  cameraSets: number;
  frames: number;
  /** Debug line sets received (beginDebug calls). */
  debugSets: number;
  /** Instances moved by setInstancePositions (the bulk path). */
  positioned: number;
}

/** Records instances and the camera; see the file comment. */
export class RecordingRenderer implements Renderer {
  private readonly slots: SlotAllocator[] = MESH_TYPES.map(() => new SlotAllocator());
  private readonly live = new Map<string, RecordedInstance>();
  /** The active camera, or null before the first setCamera. */
  camera: RecordedCamera | null = null;
  readonly calls: RendererCallCounts = { created: 0, updated: 0, removed: 0, cameraSets: 0, frames: 0, debugSets: 0, positioned: 0 };
  /** The debug lines of the last complete set (beginDebug ... endDebug). */
  debugLines: readonly RecordedDebugLine[] = [];
  private pendingDebug: RecordedDebugLine[] | null = null;
  /** The debug texts of the last complete set. */
  debugTexts: readonly RecordedDebugText[] = [];
  private pendingTexts: RecordedDebugText[] = [];
  /** Calls made with an unknown mesh type or a slot that is not live (should stay 0). */
  misuse = 0;
  disposed = false;

  createInstance(meshTypeIndex: number): number {
    const alloc = this.slots[meshTypeIndex];
    if (alloc === undefined) {
      this.misuse++;
      return -1;
    }
    const slot = alloc.allocate();
    this.calls.created++;
    this.live.set(`${meshTypeIndex}:${slot}`, {
      meshType: MESH_TYPES[meshTypeIndex]!, slot,
      x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, scale: 1, r: 255, g: 255, b: 255, a: 255,
      visible: false, updates: 0,
    });
    return slot;
  }

  setInstance(meshTypeIndex: number, slot: number, look: InstanceLook): void {
    const inst = this.live.get(`${meshTypeIndex}:${slot}`);
    if (inst === undefined) {
      this.misuse++;
      return;
    }
    this.calls.updated++;
    // Field by field: the engine's look also carries its entity fields (id, mesh), and is reused.
    inst.x = look.x; inst.y = look.y; inst.z = look.z;
    inst.yaw = look.yaw; inst.pitch = look.pitch; inst.roll = look.roll;
    inst.scale = look.scale; inst.r = look.r; inst.g = look.g; inst.b = look.b; inst.a = look.a;
    inst.visible = look.visible;
    inst.updates++;
  }

  /** Moves each instance named (a slot that is not live counts as misuse); counts `calls.positioned`. */
  setInstancePositions(meshTypes: Uint8Array, slots: Int32Array, xyz: Float32Array, count: number): void {
    for (let i = 0; i < count; i++) {
      const inst = this.live.get(`${meshTypes[i]!}:${slots[i]!}`);
      if (inst === undefined) {
        this.misuse++;
        continue;
      }
      this.calls.positioned++;
      inst.x = xyz[3 * i]!; inst.y = xyz[3 * i + 1]!; inst.z = xyz[3 * i + 2]!;
      inst.updates++;
    }
  }

  removeInstance(meshTypeIndex: number, slot: number): void {
    if (!this.live.delete(`${meshTypeIndex}:${slot}`)) {
      this.misuse++;
      return;
    }
    this.calls.removed++;
    this.slots[meshTypeIndex]!.release(slot);
  }

  setCamera(
    x: number, y: number, z: number,
    yawDeg: number, pitchDeg: number, rollDeg: number,
    cameraTypeIndex: number, fovDeg: number, near: number, far: number,
  ): void {
    this.calls.cameraSets++;
    const type = CAMERA_TYPES[cameraTypeIndex];
    if (type === undefined) {
      this.misuse++;
      return;
    }
    this.camera = { x, y, z, yaw: yawDeg, pitch: pitchDeg, roll: rollDeg, type, fovDeg, near, far };
  }

  beginDebug(): void {
    if (this.pendingDebug !== null) this.misuse++;
    this.calls.debugSets++;
    this.pendingDebug = [];
    this.pendingTexts = [];
  }

  debugText(
    kind: number, text: string, x: number, y: number, z: number, height: number, alignX: number, alignY: number,
    r: number, g: number, b: number, a: number, mode: number,
  ): void {
    if (this.pendingDebug === null) {
      this.misuse++;
      return;
    }
    this.pendingTexts.push({ kind, text, x, y, z, height, alignX, alignY, r, g, b, a, mode });
  }

  debugLine(l: DebugLineLook): void {
    if (this.pendingDebug === null) {
      this.misuse++;
      return;
    }
    // A copy: the engine refills `l` for its next line.
    this.pendingDebug.push({ x0: l.x0, y0: l.y0, z0: l.z0, x1: l.x1, y1: l.y1, z1: l.z1, r: l.r, g: l.g, b: l.b, a: l.a, mode: l.mode });
  }

  endDebug(): void {
    if (this.pendingDebug === null) {
      this.misuse++;
      return;
    }
    this.debugLines = this.pendingDebug;
    this.debugTexts = this.pendingTexts;
    this.pendingDebug = null;
  }

  render(): void {
    this.calls.frames++;
  }

  dispose(): void {
    this.disposed = true;
    this.live.clear();
  }

  /** Every live instance. Allocates. */
  instances(): RecordedInstance[] {
    return [...this.live.values()];
  }

  /** The live instance in `slot` of `meshType`, or undefined. */
  instance(meshType: MeshType, slot: number): RecordedInstance | undefined {
    return this.live.get(`${MESH_TYPES.indexOf(meshType)}:${slot}`);
  }
}
