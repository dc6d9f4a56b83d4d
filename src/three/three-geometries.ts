/**
 * The shared three.js geometry of each mesh type, authored at unit "radius" (the seed's
 * `createMesh(type, position, radius, color)`): an instance's uniform scale is its radius.
 *
 * Shapes are in three.js space with seed up on three's +Y (see `three-seed-matrix.ts`):
 * - `cube`: an axis-aligned box of half-extent 1 (side 2);
 * - `sphere`: a UV sphere of radius 1;
 * - `plane`: a 2×2 square lying flat (seed X-Y plane), facing seed up, drawn double-sided;
 * - `grid`: 10×10 cells over the same 2×2 square, drawn as thin flat strips so one instanced
 *   mesh draws any number of grids in one call (three.js has no instanced line primitive).
 */
import { BoxGeometry, BufferGeometry, Float32BufferAttribute, PlaneGeometry, SphereGeometry } from 'three';
import { MESH_TYPES } from '../protocol/mesh-types.ts';
import type { MeshType } from '../protocol/mesh-types.ts';

/** Cells per side of the `grid` mesh type. */
export const GRID_CELLS = 10;
/** Half-width of a grid line, in units of the grid's radius. */
export const GRID_LINE_HALF_WIDTH = 0.006;

/** Builds the grid mesh: flat strips on three's X-Z plane, facing +Y. Allocates; setup only. */
function createGridGeometry(): BufferGeometry {
  const lines = GRID_CELLS + 1;
  const w = GRID_LINE_HALF_WIDTH;
  // Two directions × lines × one quad (two triangles, six vertices) × three floats.
  const positions = new Float32Array(2 * lines * 6 * 3);
  const normals = new Float32Array(positions.length);
  let p = 0;
  const quad = (x0: number, z0: number, x1: number, z1: number): void => {
    // Counter-clockwise seen from +Y, so the front face looks up.
    const v = [x0, z0, x0, z1, x1, z1, x0, z0, x1, z1, x1, z0];
    for (let i = 0; i < 12; i += 2) {
      positions[p] = v[i]!;
      positions[p + 1] = 0;
      positions[p + 2] = v[i + 1]!;
      normals[p + 1] = 1;
      p += 3;
    }
  };
  for (let i = 0; i < lines; i++) {
    const c = -1 + (2 * i) / GRID_CELLS;
    quad(c - w, -1 - w, c + w, 1 + w); // a line along three Z (seed X, forward)
    quad(-1 - w, c - w, 1 + w, c + w); // a line along three X (seed Y, left)
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  geometry.setAttribute('normal', new Float32BufferAttribute(normals, 3));
  return geometry;
}

/** Builds one geometry for a mesh type. Allocates; setup only. */
export function createThreeGeometry(type: MeshType): BufferGeometry {
  switch (type) {
    case 'cube':
      return new BoxGeometry(2, 2, 2);
    case 'sphere':
      return new SphereGeometry(1, 24, 16);
    case 'plane':
      // PlaneGeometry faces three +Z; lay it down to face +Y (seed up).
      return new PlaneGeometry(2, 2).rotateX(-Math.PI / 2);
    case 'grid':
      return createGridGeometry();
  }
}

/** Builds the geometry of every mesh type, indexed like `MESH_TYPES`. Allocates; setup only. */
export function createThreeGeometries(): BufferGeometry[] {
  return MESH_TYPES.map((type) => createThreeGeometry(type));
}
