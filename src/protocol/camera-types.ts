/**
 * Camera projection kinds, interned like mesh types: commands carry the index into CAMERA_TYPES.
 * `world` is 3D perspective, `screen` is 2D orthographic. Append only.
 */

/** Camera type names; a command's typeIndex indexes this list. */
export const CAMERA_TYPES = ['world', 'screen'] as const;
/** One camera type name. */
export type CameraType = (typeof CAMERA_TYPES)[number];

/** Index of `name` in CAMERA_TYPES, or -1 when unknown. Allocates nothing. */
export function cameraTypeIndex(name: string): number {
  return (CAMERA_TYPES as readonly string[]).indexOf(name);
}
