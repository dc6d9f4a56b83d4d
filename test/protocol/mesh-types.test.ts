import { describe, expect, it } from 'vitest';
import { MESH_TYPES, meshTypeIndex } from '../../src/protocol/mesh-types.ts';
import { CAMERA_TYPES, cameraTypeIndex } from '../../src/protocol/camera-types.ts';
import * as renderer from '../../src/platform/renderer.ts';

describe('mesh and camera types', () => {
  it('intern names to stable indices; unknown names give -1', () => {
    expect(MESH_TYPES.map(meshTypeIndex), 'mesh indices').toEqual([0, 1, 2, 3]);
    expect(CAMERA_TYPES.map(cameraTypeIndex), 'camera indices').toEqual([0, 1]);
    expect([meshTypeIndex('teapot'), cameraTypeIndex('fisheye')], 'unknown').toEqual([-1, -1]);
  });
  it('are the same lists the renderer seam re-exports', () => {
    expect(renderer.MESH_TYPES, 'platform re-exports protocol').toBe(MESH_TYPES);
    expect(renderer.CAMERA_TYPES, 'platform re-exports protocol').toBe(CAMERA_TYPES);
  });
});
