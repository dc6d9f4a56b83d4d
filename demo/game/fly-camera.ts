/**
 * A fly camera in the seed's convention (X forward, Y left, Z up; yaw about Z, positive pitch looks
 * down): WASD moves along the view, Space/C along world up, Shift is fast, the mouse turns.
 * Pure state and math, so the game can drive it from any input source.
 */

/** What the player asks for this frame. */
export interface FlyInput {
  /** +1 forward (W), -1 back (S). */
  forward: number;
  /** +1 left (A), -1 right (D). */
  left: number;
  /** +1 up (Space), -1 down (C). */
  up: number;
  /** Move faster (Shift). */
  fast: boolean;
  /** Mouse movement since the last frame, CSS pixels (right and down positive). */
  lookDx: number;
  lookDy: number;
}

/** Units per second at normal and fast speed, and degrees per mouse pixel. */
export const FLY_SPEED = 8;
export const FLY_FAST_SPEED = 40;
export const LOOK_DEG_PER_PX = 0.15;
/** Pitch stays inside ±89 degrees so the view never flips. */
export const MAX_PITCH_DEG = 89;

const DEG = Math.PI / 180;

/** Position and orientation of the camera, seed coordinates, degrees. */
export class FlyCamera {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;

  constructor(x: number, y: number, z: number, yaw: number, pitch: number) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.yaw = yaw;
    this.pitch = pitch;
  }

  /** Applies one frame of input; returns true when the pose changed. */
  update(input: FlyInput, dtSeconds: number): boolean {
    const before = this.x + this.y * 3 + this.z * 7 + this.yaw * 11 + this.pitch * 13;
    // Mouse right turns right (yaw decreases: yaw turns towards +Y, which is left); mouse down looks down (+pitch).
    this.yaw = (this.yaw - input.lookDx * LOOK_DEG_PER_PX) % 360;
    this.pitch = Math.max(-MAX_PITCH_DEG, Math.min(MAX_PITCH_DEG, this.pitch + input.lookDy * LOOK_DEG_PER_PX));
    const speed = (input.fast ? FLY_FAST_SPEED : FLY_SPEED) * dtSeconds;
    const cy = Math.cos(this.yaw * DEG), sy = Math.sin(this.yaw * DEG);
    const cp = Math.cos(this.pitch * DEG), sp = Math.sin(this.pitch * DEG);
    // Forward (cy·cp, sy·cp, −sp) and left (−sy, cy, 0) of the seed's EulerAngles.
    this.x += (input.forward * cy * cp - input.left * sy) * speed;
    this.y += (input.forward * sy * cp + input.left * cy) * speed;
    this.z += (input.forward * -sp + input.up) * speed;
    return this.x + this.y * 3 + this.z * 7 + this.yaw * 11 + this.pitch * 13 !== before;
  }
}
