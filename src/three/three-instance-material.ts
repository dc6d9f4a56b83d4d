/**
 * The materials instances are drawn with, one per mesh type: three's own (Lambert when lit, basic
 * when unlit or for the grid) with one change to the vertex shader: each instance's position comes
 * from its own attribute, `instanceOffset` (three axes), added after the instance matrix (which then
 * holds only rotation and scale). So moving an instance writes and uploads three floats, never a
 * matrix (`ThreeInstancePool.move`, the bulk transform path's case).
 */
import { DoubleSide, MeshBasicMaterial, MeshLambertMaterial, ShaderChunk } from 'three';
import type { Material } from 'three';
import type { MeshType } from '../protocol/mesh-types.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';

/** How surfaces are shaded: `lit` (Lambert, a sky light and a sun) or `unlit` (flat colour). */
export type ThreeShading = 'lit' | 'unlit';

/** The name of the per-instance position attribute (three axes) the vertex shader adds. */
export const INSTANCE_OFFSET = 'instanceOffset';

/** three's instancing line the patch extends (src/renderers/shaders/ShaderChunk/project_vertex.glsl.js). */
const INSTANCING_LINE = 'mvPosition = instanceMatrix * mvPosition;';

/**
 * three's `project_vertex` chunk with the instance's offset added after its matrix. (Batching is
 * left out: twinframe draws no BatchedMesh.) Shadows and environment maps, which read the world
 * position another way, are not used by the renderer.
 */
function projectVertex(chunk: string): string {
  if (!chunk.includes(INSTANCING_LINE)) {
    throw new TwinframeError(THREE_RENDERER_CODES.INSTANCE_SHADER_UNAVAILABLE.code, `ThreeRenderer.constructor: three's project_vertex shader chunk no longer has the instancing line the instance offsets extend; got an unknown three.js version, expected '${INSTANCING_LINE}'. Install the three.js version twinframe declares.`);
  }
  return chunk.replace(INSTANCING_LINE, `${INSTANCING_LINE}\n\tmvPosition.xyz += ${INSTANCE_OFFSET};`);
}

/**
 * Creates the material of a mesh type, patched to add `instanceOffset` (`projectVertexChunk`: three's
 * chunk, replaceable for tests). Allocates; setup only; TF4504 when the chunk is not the one patched.
 */
export function createInstanceMaterial(type: MeshType, shading: ThreeShading, projectVertexChunk: string = ShaderChunk.project_vertex): Material {
  // Grids are lines: flat colour reads best at any angle.
  const material = shading === 'unlit' || type === 'grid'
    ? new MeshBasicMaterial(type === 'plane' || type === 'grid' ? { color: 0xffffff, side: DoubleSide } : { color: 0xffffff })
    : new MeshLambertMaterial(type === 'plane' ? { color: 0xffffff, side: DoubleSide } : { color: 0xffffff });
  const projected = projectVertex(projectVertexChunk);
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = `attribute vec3 ${INSTANCE_OFFSET};\n` + shader.vertexShader.replace('#include <project_vertex>', projected);
  };
  material.customProgramCacheKey = () => 'twinframe:instance-offset';
  return material;
}
