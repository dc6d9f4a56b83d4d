/**
 * The engine systems that apply the RenderCommandQueue's commands, as CommandReader.drain sees
 * them: one method per command of the command table (command-table.ts) for its target (`entities`,
 * `cameras`, `audio`), named as the table's `method`, taking the table's fields as plain numbers in
 * table order, so dispatch allocates nothing. test/protocol/command-table.test.ts checks the
 * engine's systems have each method.
 */

/**
 * Applies entity commands (the engine's EntitySystem): one method per `entities` command of the
 * command table, numbers only, in table field order. Each returns true when the command was
 * applied and false when it was refused (after reporting the refusal).
 */
export interface EntityCommandTarget {
  createMesh(
    entityId: number, callbackId: number, meshTypeIndex: number,
    x: number, y: number, z: number, scale: number,
    r: number, g: number, b: number, a: number,
  ): boolean;
  updatePosition(id: number, x: number, y: number, z: number): boolean;
  /**
   * A run of `count` consecutive update-position records (one game moving many entities): the
   * record `k` has its id at word `q + k * strideWords` of `i32` and x, y, z as f32 in the next three
   * words. Applies them as `count` updatePosition calls would, in order (each refusal reported and
   * the rest of the run applied), in one loop; returns how many were applied.
   */
  updatePositionRun(i32: Int32Array, f32: Float32Array, q: number, count: number, strideWords: number): number;
  moveBy(id: number, dx: number, dy: number, dz: number): boolean;
  updateOrientation(id: number, yaw: number, pitch: number, roll: number): boolean;
  updateColor(id: number, r: number, g: number, b: number, a: number): boolean;
  updateScale(id: number, s: number): boolean;
  destroyEntity(id: number): boolean;
}

/**
 * EntityCommandTarget.updatePositionRun as `count` updatePosition calls on `target`, in order (for
 * targets with no loop of their own: tests, benchmarks); returns how many were applied.
 */
export function updatePositionsOneByOne(target: EntityCommandTarget, i32: Int32Array, f32: Float32Array, q: number, count: number, strideWords: number): number {
  let applied = 0;
  for (let k = 0; k < count; k++, q += strideWords) {
    if (target.updatePosition(i32[q]!, f32[q + 1]!, f32[q + 2]!, f32[q + 3]!)) applied++;
  }
  return applied;
}

/** Applies camera commands (the engine's CameraSystem); like EntityCommandTarget. */
export interface CameraCommandTarget {
  createCamera(
    cameraId: number, callbackId: number,
    x: number, y: number, z: number, yaw: number, pitch: number, roll: number,
    typeIndex: number, fovDeg: number, near: number, far: number,
  ): boolean;
  updateCamera(id: number, x: number, y: number, z: number, yaw: number, pitch: number, roll: number): boolean;
  updateCameraPosition(id: number, x: number, y: number, z: number): boolean;
  updateCameraOrientation(id: number, yaw: number, pitch: number, roll: number): boolean;
  moveCamera(id: number, dx: number, dy: number, dz: number): boolean;
  cameraLookAt(id: number, tx: number, ty: number, tz: number): boolean;
  setActiveCamera(id: number, callbackId: number): boolean;
  updateCameraType(id: number, typeIndex: number, callbackId: number): boolean;
  destroyCamera(id: number, callbackId: number): boolean;
}

/**
 * Applies audio commands (the engine's AudioSystem): one method per `audio` command of the command
 * table, numbers only, in table field order; like EntityCommandTarget.
 */
export interface AudioCommandTarget {
  loadSound(
    soundId: number, spatial: number, pathLength: number, pathOffset: number,
    bytes0: number, bytes1: number, bytes2: number, bytes3: number, bytes4: number, bytes5: number, bytes6: number, bytes7: number,
  ): boolean;
  startSound(
    playbackId: number, soundId: number, looped: number, volume: number, balance: number, speed: number,
    paused: number, positioned: number, x: number, y: number, z: number,
  ): boolean;
  stopSound(playbackId: number): boolean;
  setSoundVolume(playbackId: number, volume: number): boolean;
  setSoundBalance(playbackId: number, balance: number): boolean;
  setSoundSpeed(playbackId: number, speed: number): boolean;
  setSoundPosition(playbackId: number, x: number, y: number, z: number): boolean;
  updateListener(
    index: number, count: number, x: number, y: number, z: number,
    forwardX: number, forwardY: number, forwardZ: number, upX: number, upY: number, upZ: number,
  ): boolean;
}
