/**
 * Frame phase 2: the RenderCommandQueue's handler. Each decoded command goes to the entity or
 * camera system, which validates it where it is applied; refusals are counted, reported as coded
 * engine diagnostics and, when the command carried a callback, answered with an error callback.
 * FRAME_END records which logic tick the applied commands reach (publishes are stamped with it).
 */
import type { CommandHandler } from '../protocol/command-reader.ts';
import { commandName } from '../protocol/command-opcodes.ts';
import type { EntitySystem } from './entity-system.ts';
import type { CameraSystem } from './camera-system.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { CommandRejections } from './command-rejections.ts';

/** Applies decoded commands. Engine thread only; allocation-free on the valid path. */
export class CommandApplier implements CommandHandler, CommandRejections {
  /** Commands applied (valid) and refused, since start. */
  applied = 0;
  rejected = 0;
  malformed = 0;
  /** Last logic tick whose FRAME_END was applied. */
  lastLogicTick = 0;
  entities!: EntitySystem;
  cameras!: CameraSystem;
  private callbacks!: CallbackOutbox;

  constructor(private readonly diagnostics: DiagnosticHub) {}

  /** Connects the systems (they need this object as their CommandRejections) and the callback outbox. */
  attach(entities: EntitySystem, cameras: CameraSystem, callbacks: CallbackOutbox): void {
    this.entities = entities;
    this.cameras = cameras;
    this.callbacks = callbacks;
  }

  /** Starts over for a new logic incarnation (its ticks start at 0 again). */
  resetTick(): void {
    this.lastLogicTick = 0;
    this.setTick(1);
  }

  reject(code: string, message: string, callbackId: number, callbackType: number): void {
    this.rejected++;
    this.applied--;
    this.diagnostics.report(code, 'error', message, 'apply', this.lastLogicTick + 1);
    if (callbackId !== 0) this.callbacks.send(callbackId, 0, callbackType, code, message);
  }

  createMesh(id: number, cb: number, mesh: number, x: number, y: number, z: number, s: number, r: number, g: number, b: number, a: number): void {
    this.applied++;
    this.entities.createMesh(id, cb, mesh, x, y, z, s, r, g, b, a);
  }
  updatePosition(id: number, x: number, y: number, z: number): void {
    this.applied++;
    this.entities.updatePosition(id, x, y, z);
  }
  moveBy(id: number, dx: number, dy: number, dz: number): void {
    this.applied++;
    this.entities.moveBy(id, dx, dy, dz);
  }
  updateOrientation(id: number, yaw: number, pitch: number, roll: number): void {
    this.applied++;
    this.entities.updateOrientation(id, yaw, pitch, roll);
  }
  updateColor(id: number, r: number, g: number, b: number, a: number): void {
    this.applied++;
    this.entities.updateColor(id, r, g, b, a);
  }
  updateScale(id: number, s: number): void {
    this.applied++;
    this.entities.updateScale(id, s);
  }
  destroyEntity(id: number): void {
    this.applied++;
    this.entities.destroyEntity(id);
  }
  createCamera(id: number, cb: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number, type: number, fov: number, near: number, far: number): void {
    this.applied++;
    this.cameras.createCamera(id, cb, x, y, z, yaw, pitch, roll, type, fov, near, far);
  }
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): void {
    this.applied++;
    this.cameras.updateCamera(id, x, y, z, yaw, pitch, roll);
  }
  updateCameraPosition(id: number, x: number, y: number, z: number): void {
    this.applied++;
    this.cameras.updateCameraPosition(id, x, y, z);
  }
  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): void {
    this.applied++;
    this.cameras.updateCameraOrientation(id, yaw, pitch, roll);
  }
  moveCamera(id: number, dx: number, dy: number, dz: number): void {
    this.applied++;
    this.cameras.moveCamera(id, dx, dy, dz);
  }
  cameraLookAt(id: number, tx: number, ty: number, tz: number): void {
    this.applied++;
    this.cameras.cameraLookAt(id, tx, ty, tz);
  }
  setActiveCamera(id: number, cb: number): void {
    this.applied++;
    this.cameras.setActiveCamera(id, cb);
  }
  updateCameraType(id: number, type: number, cb: number): void {
    this.applied++;
    this.cameras.updateCameraType(id, type, cb);
  }
  destroyCamera(id: number, cb: number): void {
    this.applied++;
    this.cameras.destroyCamera(id, cb);
  }
  frameEnd(tick: number): void {
    this.lastLogicTick = tick;
    this.setTick(tick + 1);
  }
  onMalformed(code: string, type: number, length: number): void {
    this.malformed++;
    this.diagnostics.report(code, 'error', `RenderCommandQueue: malformed record refused (type ${type} ${commandName(type)}, length ${length}); the queue resynchronised and later commands were applied. This is a protocol bug: report it.`, 'apply', this.lastLogicTick + 1);
  }

  private setTick(tick: number): void {
    this.entities.tick = tick;
    this.cameras.tick = tick;
  }
}
