/**
 * Mesh types every renderer must support, interned: commands carry the index into MESH_TYPES, never
 * the string. Shared by logic (which interns) and engine/platform (which decode), so it lives in
 * protocol. Append only: an index, once shipped, keeps its meaning.
 */

/** Mesh type names; a command's meshTypeIndex indexes this list. */
export const MESH_TYPES = ['cube', 'sphere', 'plane', 'grid'] as const;
/** One mesh type name. */
export type MeshType = (typeof MESH_TYPES)[number];

/** Index of `name` in MESH_TYPES, or -1 when unknown (the engine rejects -1 at apply time). Allocates nothing. */
export function meshTypeIndex(name: string): number {
  return (MESH_TYPES as readonly string[]).indexOf(name);
}
