/**
 * Places a Web Audio AudioListener where the seed puts its listener: at the active camera (its
 * position and yaw, pitch, roll in degrees) or at a pose the script gave (position, forward and up
 * vectors). Seed coordinates (X forward, Y left, Z up) map to Web Audio's (right-handed, Y up,
 * like three.js, and as the three.js renderer maps them) as (x, y, z) -> (-y, z, -x), for
 * positions and directions. Allocates nothing.
 */

/** Puts `l` at the camera pose: seed position (x, y, z) and orientation yaw, pitch, roll (degrees). */
export function placeListenerAtCamera(l: AudioListener, x: number, y: number, z: number, yawDeg: number, pitchDeg: number, rollDeg: number): void {
  const d = Math.PI / 180;
  const cy = Math.cos(yawDeg * d), sy = Math.sin(yawDeg * d);
  const cp = Math.cos(pitchDeg * d), sp = Math.sin(pitchDeg * d);
  const cr = Math.cos(rollDeg * d), sr = Math.sin(rollDeg * d);
  // Seed R = Rz(yaw) Ry(pitch) Rx(roll): forward = R (1, 0, 0), up = R (0, 0, 1); then seed -> Web Audio.
  const fx = cy * cp, fy = sy * cp, fz = -sp;
  const ux = cy * sp * cr + sy * sr, uy = sy * sp * cr - cy * sr, uz = cp * cr;
  l.positionX.value = -y; l.positionY.value = z; l.positionZ.value = -x;
  l.forwardX.value = -fy; l.forwardY.value = fz; l.forwardZ.value = -fx;
  l.upX.value = -uy; l.upY.value = uz; l.upZ.value = -ux;
}

/** Puts `a` at a script listener's pose `l` (9 numbers from `offset`: position, forward, up; seed coordinates). */
export function placeListenerAtPose(a: AudioListener, l: Float64Array, offset = 0): void {
  const o = offset;
  a.positionX.value = -l[o + 1]!; a.positionY.value = l[o + 2]!; a.positionZ.value = -l[o]!;
  a.forwardX.value = -l[o + 4]!; a.forwardY.value = l[o + 5]!; a.forwardZ.value = -l[o + 3]!;
  a.upX.value = -l[o + 7]!; a.upY.value = l[o + 8]!; a.upZ.value = -l[o + 6]!;
}
