/**
 * The seed's coordinate convention mapped onto three.js, as pure math (tested in Node).
 *
 * Seed world (ProtogameJS3D, "I-forward, J-left, K-up"): **X forward, Y left, Z up**, right-handed.
 * three.js world: X right, **Y up**, Z towards the viewer, right-handed; a camera looks down its
 * local -Z with +Y up. The mapping is a proper rotation (determinant +1), so handedness and
 * winding are kept:
 *
 * ```text
 *   seed (x, y, z)  ->  three (-y, z, -x)        three (X, Y, Z)  ->  seed (-Z, -X, Y)
 *   seed forward +X ->  three -Z  (where an unrotated three camera looks)
 *   seed left    +Y ->  three -X
 *   seed up      +Z ->  three +Y
 * ```
 *
 * Orientation is the seed's `EulerAngles` in degrees: `yaw` about +Z (positive turns forward
 * towards left), then `pitch` about the yawed +Y (positive tilts forward **down**, as in the
 * seed: forward = (cy·cp, sy·cp, −sp)), then `roll` about the resulting forward axis (positive
 * turns left towards up: the right side dips). As matrices: R = Rz(yaw) · Ry(pitch) · Rx(roll),
 * whose columns are the entity's forward (I), left (J) and up (K) in seed world.
 *
 * A mesh's local frame is also seed-style (a plane lies in its local X-Y plane, facing +Z);
 * three.js geometries are therefore authored in three space with "seed up" on three's +Y. The
 * instance matrix is M · [s·R | t] · M⁻¹ with M the axis mapping above, which this file writes
 * directly as 16 column-major floats, the layout of `Matrix4.elements` and of an
 * `InstancedMesh.instanceMatrix` slot. The same matrix, with scale 1, is a three.js camera's
 * world matrix: its local -Z is the seed forward and its local +Y the seed up.
 */

const DEG_TO_RAD = Math.PI / 180;

/**
 * Writes the three.js column-major 4×4 matrix of a seed transform into `out[offset..offset+15]`.
 * Allocates nothing; `out` is any indexable float store (a `Float32Array` instance buffer, a
 * `Matrix4.elements` array). `scale` is uniform; 0 gives a degenerate (invisible) instance.
 *
 * @example
 * ```ts
 * const m = new Float32Array(16);
 * writeThreeSeedMatrix(m, 0, 10, 0, 0, 90, 0, 0, 1);
 * // translation (three) = (-0, 0, -10); the entity's forward (seed +Y after yaw 90) is three -X.
 * ```
 */
export function writeThreeSeedMatrix(
  out: { [index: number]: number },
  offset: number,
  x: number, y: number, z: number,
  yawDeg: number, pitchDeg: number, rollDeg: number,
  scale: number,
): void {
  const yaw = yawDeg * DEG_TO_RAD;
  const pitch = pitchDeg * DEG_TO_RAD;
  const roll = rollDeg * DEG_TO_RAD;
  const cy = Math.cos(yaw), sy = Math.sin(yaw);
  const cp = Math.cos(pitch), sp = Math.sin(pitch);
  const cr = Math.cos(roll), sr = Math.sin(roll);

  // Seed basis (columns of Rz·Ry·Rx), in seed world coordinates.
  const ix = cy * cp, iy = sy * cp, iz = -sp; // forward
  const jx = -sy * cr + cy * sp * sr, jy = cy * cr + sy * sp * sr, jz = cp * sr; // left
  const kx = sy * sr + cy * sp * cr, ky = -cy * sr + sy * sp * cr, kz = cp * cr; // up

  // three local X = seed local −J, local Y = seed local K, local Z = seed local −I; each column
  // is then mapped to three world by (x, y, z) -> (−y, z, −x).
  out[offset] = jy * scale;
  out[offset + 1] = -jz * scale;
  out[offset + 2] = jx * scale;
  out[offset + 3] = 0;
  out[offset + 4] = -ky * scale;
  out[offset + 5] = kz * scale;
  out[offset + 6] = -kx * scale;
  out[offset + 7] = 0;
  out[offset + 8] = iy * scale;
  out[offset + 9] = -iz * scale;
  out[offset + 10] = ix * scale;
  out[offset + 11] = 0;
  out[offset + 12] = -y;
  out[offset + 13] = z;
  out[offset + 14] = -x;
  out[offset + 15] = 1;
}

/** Writes zeros into a 4×4 slot: an instance that covers no pixels (hidden or free). */
export function writeZeroMatrix(out: { [index: number]: number }, offset: number): void {
  for (let i = 0; i < 16; i++) out[offset + i] = 0;
}
