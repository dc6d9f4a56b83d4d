// ThreeInstancePool without a GPU: three.js objects are plain JavaScript, so slots, growth, the
// instance buffers and the queued update ranges can be checked in Node. An instance's transform is
// its matrix (rotation and scale) plus its offset (the position the vertex shader adds).
import { describe, expect, it } from 'vitest';
import { BoxGeometry, MeshBasicMaterial, Scene } from 'three';
import type { InstancedBufferAttribute, InstancedMesh } from 'three';
import { ThreeInstancePool } from '../../src/three/three-instance-pool.ts';
import { createInstanceMaterial } from '../../src/three/three-instance-material.ts';
import type { InstanceLook } from '../../src/platform/renderer.ts';
import { writeThreeSeedMatrix } from '../../src/three/three-seed-matrix.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

function setup(capacity = 4): { pool: ThreeInstancePool; scene: Scene } {
  const scene = new Scene();
  const pool = new ThreeInstancePool('cube', new BoxGeometry(2, 2, 2), new MeshBasicMaterial(), scene, capacity);
  return { pool, scene };
}

/** An instance look: at the origin, unturned, scale 1, opaque black and visible, but for `fields`. */
function look(fields: Partial<InstanceLook>): InstanceLook {
  return { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0, scale: 1, r: 0, g: 0, b: 0, a: 255, visible: true, ...fields };
}

/** The matrix as stored (rotation and scale; zero when hidden). */
function storedMatrixOf(mesh: InstancedMesh, slot: number): number[] {
  return Array.from(mesh.instanceMatrix.array.slice(slot * 16, slot * 16 + 16));
}

/** What the vertex shader applies to a visible instance: the stored matrix with the offset added to its translation. */
function matrixOf(pool: ThreeInstancePool, slot: number): number[] {
  const m = storedMatrixOf(pool.mesh, slot);
  const o = pool.offsetArray;
  m[12] = m[12]! + o[3 * slot]!;
  m[13] = m[13]! + o[3 * slot + 1]!;
  m[14] = m[14]! + o[3 * slot + 2]!;
  return m;
}

function offsetsOf(pool: ThreeInstancePool): InstancedBufferAttribute {
  return pool.mesh.geometry.getAttribute('instanceOffset') as InstancedBufferAttribute;
}

/** Stands in for three.js uploading every queued attribute, as a render does. */
function uploaded(pool: ThreeInstancePool): void {
  for (const a of [pool.mesh.instanceMatrix, offsetsOf(pool), pool.mesh.instanceColor!]) {
    a.clearUpdateRanges();
    a.onUploadCallback();
  }
}

function codeOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    return isTwinframeError(e) ? e.code : `not coded: ${String(e)}`;
  }
  return 'no error';
}

describe('ThreeInstancePool', () => {
  describe('#allocate / #release', () => {
    it('hands out slots in order, reuses freed ones last-in first-out, and draws up to the high-water mark', () => {
      const { pool } = setup();
      const a = pool.allocate(), b = pool.allocate(), c = pool.allocate();
      expect([a, b, c], 'fresh slots count up').toEqual([0, 1, 2]);
      pool.release(a);
      pool.release(c);
      expect(pool.allocate(), 'the last freed slot comes back first').toBe(c);
      expect(pool.allocate(), 'then the one before').toBe(a);
      expect(pool.size, 'three live').toBe(3);
      expect(pool.mesh.count, 'draw count is the high-water mark').toBe(3);
    });

    it('refuses stale, foreign and double-freed slots with TF4502', () => {
      const { pool } = setup();
      const slot = pool.allocate();
      pool.release(slot);
      expect(codeOf(() => pool.release(slot)), 'double free').toBe('TF4502');
      expect(codeOf(() => pool.write(slot, look({}))), 'write to a freed slot').toBe('TF4502');
      expect(codeOf(() => pool.write(7, look({}))), 'a slot never handed out').toBe('TF4502');
      expect(codeOf(() => pool.write(Number.NaN, look({}))), 'NaN slot').toBe('TF4502');
    });
  });

  describe('#write', () => {
    it('writes the mapped matrix and linear colour, and a zero matrix when hidden or alpha is 0', () => {
      const { pool } = setup();
      const slot = pool.allocate();
      pool.write(slot, look({ x: 3, y: 5, z: 7, scale: 2, r: 255, b: 128 }));
      expect(matrixOf(pool, slot).map((v) => v + 0), 'scale 2 at three (-5, 7, -3) (+0 folds -0)').toEqual([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, -5, 7, -3, 1]);
      expect(Array.from(pool.offsetArray.slice(0, 3)), 'the position is the offset').toEqual([-5, 7, -3]);
      expect(storedMatrixOf(pool.mesh, slot).slice(12, 15).map((v) => v + 0), 'not in the matrix').toEqual([0, 0, 0]);
      const color = Array.from(pool.mesh.instanceColor!.array.slice(0, 3));
      expect(color[0], 'sRGB 255 is linear 1').toBeCloseTo(1, 6);
      expect(color[1], 'sRGB 0 is linear 0').toBe(0);
      expect(color[2], 'sRGB 128 is linear ~0.216').toBeCloseTo(0.2158, 3);
      pool.write(slot, look({ x: 3, y: 5, z: 7, scale: 2, r: 255, b: 128, visible: false }));
      expect(storedMatrixOf(pool.mesh, slot).every((v) => v === 0), 'hidden: zero matrix').toBe(true);
      pool.write(slot, look({ x: 3, y: 5, z: 7, scale: 2, r: 255, b: 128, a: 0 }));
      expect(storedMatrixOf(pool.mesh, slot).every((v) => v === 0), 'alpha 0: zero matrix').toBe(true);
    });

    it('allocates nothing per write and per flush', () => {
      const { pool } = setup(1024);
      for (let i = 0; i < 1000; i++) pool.allocate();
      let i = 0;
      // One look refilled for every write, as the engine does.
      const l = { ...look({ y: 1, z: 2, pitch: 10, roll: 20, r: 10, g: 20, b: 30 }) };
      const growth = measureHeapGrowth(() => {
        const slot = i++ % 1000;
        l.x = slot;
        l.yaw = slot;
        pool.write(slot, l);
        if (slot === 999) {
          pool.flush();
          uploaded(pool);
        }
      }, 200_000);
      expect(growth.gcRuns, `no garbage collection while writing (heap grew ${growth.bytes} bytes)`).toBe(0);
    });
  });

  describe('#flush', () => {
    it('queues only the written slots, and the whole buffer when most slots changed or an upload is pending', () => {
      const { pool } = setup(64);
      for (let i = 0; i < 40; i++) pool.allocate();
      pool.flush();
      const matrices = pool.mesh.instanceMatrix;
      matrices.clearUpdateRanges();
      matrices.onUploadCallback(); // what three.js does after uploading
      pool.write(10, look({ r: 1, g: 2, b: 3 }));
      pool.write(12, look({ r: 1, g: 2, b: 3 }));
      const version = matrices.version;
      pool.flush();
      expect(matrices.version, 'the matrix attribute is marked for upload').toBe(version + 1);
      expect(matrices.updateRanges.map((r) => ({ ...r })), 'one range from slot 10 to slot 12').toEqual([{ start: 160, count: 48 }]);
      expect(pool.mesh.instanceColor!.updateRanges.map((r) => ({ ...r })), 'the same slots of the colours').toEqual([{ start: 30, count: 9 }]);
      expect(offsetsOf(pool).updateRanges.map((r) => ({ ...r })), 'and of the offsets').toEqual([{ start: 30, count: 9 }]);
      // Not uploaded (nothing drawn since): the next flush must not narrow the pending upload.
      pool.write(20, look({ r: 1, g: 2, b: 3 }));
      pool.flush();
      expect(matrices.updateRanges, 'pending upload: whole buffer').toEqual([]);
      matrices.onUploadCallback();
      for (let s = 0; s < 30; s++) pool.write(s, look({ r: 1, g: 2, b: 3 }));
      pool.flush();
      expect(matrices.updateRanges, 'most slots written: whole buffer').toEqual([]);
    });
  });

  describe('#write, moves only', () => {
    it('writes only the offset when rotation and scale are unchanged, and matrix plus offset equal a full compose (random transforms)', () => {
      const { pool } = setup(8);
      const slot = pool.allocate();
      const expected = new Float32Array(16);
      let seed = 12345;
      const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 200 - 100;
      for (let round = 0; round < 200; round++) {
        const yaw = rnd(), pitch = rnd(), roll = rnd(), scale = Math.abs(rnd()) / 10;
        pool.write(slot, look({ x: rnd(), y: rnd(), z: rnd(), yaw, pitch, roll, scale, r: 1, g: 2, b: 3 }));
        const composed = pool.translationOnlyWrites;
        // Moves with the same rotation and scale: translation only, same matrix as composing it.
        for (let m = 0; m < 5; m++) {
          const x = rnd(), y = rnd(), z = rnd();
          pool.write(slot, look({ x, y, z, yaw, pitch, roll, scale, r: 1, g: 2, b: 3 }));
          writeThreeSeedMatrix(expected, 0, x, y, z, yaw, pitch, roll, scale);
          expect(matrixOf(pool, slot)).toEqual(Array.from(expected));
        }
        expect(pool.translationOnlyWrites - composed).toBe(5);
      }
      // A hidden instance (alpha 0) is zero; showing it again composes the full matrix.
      pool.write(slot, look({ x: 1, y: 2, z: 3, yaw: 10, pitch: 20, roll: 30, scale: 2, r: 1, g: 2, b: 3, a: 0 }));
      expect(storedMatrixOf(pool.mesh, slot).every((v) => v === 0)).toBe(true);
      pool.write(slot, look({ x: 4, y: 5, z: 6, yaw: 10, pitch: 20, roll: 30, scale: 2, r: 1, g: 2, b: 3 }));
      writeThreeSeedMatrix(expected, 0, 4, 5, 6, 10, 20, 30, 2);
      expect(matrixOf(pool, slot)).toEqual(Array.from(expected));
    });

    it('#move (setInstancePositions) writes only the offset: no matrix is written or uploaded, matrix plus offset equal a full compose at the new place; a hidden instance stays hidden', () => {
      const { pool } = setup(16);
      for (let i = 0; i < 10; i++) pool.allocate();
      const a = 4;
      const hidden = 5;
      const expected = new Float32Array(16);
      pool.write(a, look({ x: 1, y: 2, z: 3, yaw: 30, pitch: -20, roll: 10, scale: 1.5, r: 9, g: 9, b: 9 }));
      pool.write(hidden, look({ x: 1, y: 2, z: 3, r: 9, g: 9, b: 9, a: 0 }));
      pool.flush();
      uploaded(pool);
      const before = pool.translationOnlyWrites;
      const matrixVersion = pool.mesh.instanceMatrix.version;
      pool.move(a, -7, 8.5, 40);
      writeThreeSeedMatrix(expected, 0, -7, 8.5, 40, 30, -20, 10, 1.5);
      expect(matrixOf(pool, a)).toEqual(Array.from(expected));
      expect(pool.translationOnlyWrites - before).toBe(1);
      pool.move(hidden, 5, 5, 5);
      expect(storedMatrixOf(pool.mesh, hidden).every((v) => v === 0), 'still hidden').toBe(true);
      // Only the offsets of the moved slots are queued for upload; the matrices not at all.
      pool.flush();
      expect(offsetsOf(pool).updateRanges.map((r) => [r.start, r.count])).toEqual([[a * 3, 6]]);
      expect(pool.mesh.instanceMatrix.version, 'no matrix upload').toBe(matrixVersion);
      expect(codeOf(() => pool.move(12, 0, 0, 0))).toBe('TF4502');
    });

    it('uploads colours only over the slots whose colour changed', () => {
      const { pool } = setup(64);
      for (let i = 0; i < 40; i++) pool.allocate();
      for (let i = 0; i < 40; i++) pool.write(i, look({ x: i, r: 9, g: 9, b: 9 }));
      pool.flush();
      uploaded(pool);
      const colors = pool.mesh.instanceColor!;
      const colorVersion = colors.version;
      pool.write(10, look({ x: 5, r: 9, g: 9, b: 9 }));
      pool.flush();
      expect(offsetsOf(pool).updateRanges.map((r) => ({ ...r }))).toEqual([{ start: 30, count: 3 }]);
      expect(colors.version, 'colour unchanged: not uploaded').toBe(colorVersion);
      uploaded(pool);
      pool.write(11, look({ x: 5, r: 200, g: 9, b: 9 }));
      pool.flush();
      expect(colors.version).toBe(colorVersion + 1);
      expect(colors.updateRanges.map((r) => ({ ...r }))).toEqual([{ start: 33, count: 3 }]);
      expect(colors.array[33]).toBeGreaterThan(0.5);
    });
  });

  describe('growth', () => {
    it('doubles capacity, keeps every written instance, and swaps the mesh in the scene', () => {
      const { pool, scene } = setup(2);
      const first = pool.mesh;
      for (let i = 0; i < 5; i++) {
        const slot = pool.allocate();
        pool.write(slot, look({ x: i, r: 10 * i }));
      }
      expect(pool.slotCapacity, '2 -> 4 -> 8').toBe(8);
      expect(scene.children.includes(first), 'the old mesh left the scene').toBe(false);
      expect(scene.children.includes(pool.mesh), 'the new mesh is in it').toBe(true);
      for (let i = 0; i < 5; i++) expect(matrixOf(pool, i)[14], `slot ${i} kept its position`).toBe(-i);
      pool.dispose();
      expect(scene.children.length, 'dispose removes the mesh').toBe(0);
    });
  });

  describe('createInstanceMaterial', () => {
    it('adds the instance offset after the instance matrix in the vertex shader, and refuses a project_vertex chunk it cannot patch (TF4504)', () => {
      const material = createInstanceMaterial('cube', 'unlit');
      const shader = { vertexShader: '#include <common>\nvoid main() {\n#include <project_vertex>\n}' };
      material.onBeforeCompile(shader as never, undefined as never);
      expect(shader.vertexShader).toContain('attribute vec3 instanceOffset;');
      expect(shader.vertexShader).toMatch(/mvPosition = instanceMatrix \* mvPosition;\s*mvPosition\.xyz \+= instanceOffset;/);
      expect(shader.vertexShader, 'the chunk is inlined, patched').not.toContain('#include <project_vertex>');
      expect(codeOf(() => createInstanceMaterial('cube', 'lit', 'vec4 mvPosition = modelViewMatrix * vec4(transformed, 1.0);'))).toBe('TF4504');
    });
  });
});
