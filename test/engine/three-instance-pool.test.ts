// ThreeInstancePool without a GPU: three.js objects are plain JavaScript, so slots, growth, the
// instance buffers and the queued update ranges can be checked in Node.
import { describe, expect, it } from 'vitest';
import { BoxGeometry, MeshBasicMaterial, Scene } from 'three';
import type { InstancedMesh } from 'three';
import { ThreeInstancePool } from '../../src/three/three-instance-pool.ts';
import { writeThreeSeedMatrix } from '../../src/three/three-seed-matrix.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

function setup(capacity = 4): { pool: ThreeInstancePool; scene: Scene } {
  const scene = new Scene();
  const pool = new ThreeInstancePool('cube', new BoxGeometry(2, 2, 2), new MeshBasicMaterial(), scene, capacity);
  return { pool, scene };
}

function matrixOf(mesh: InstancedMesh, slot: number): number[] {
  return Array.from(mesh.instanceMatrix.array.slice(slot * 16, slot * 16 + 16));
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
      expect(codeOf(() => pool.write(slot, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 255, true)), 'write to a freed slot').toBe('TF4502');
      expect(codeOf(() => pool.write(7, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 255, true)), 'a slot never handed out').toBe('TF4502');
      expect(codeOf(() => pool.write(Number.NaN, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 255, true)), 'NaN slot').toBe('TF4502');
    });
  });

  describe('#write', () => {
    it('writes the mapped matrix and linear colour, and a zero matrix when hidden or alpha is 0', () => {
      const { pool } = setup();
      const slot = pool.allocate();
      pool.write(slot, 3, 5, 7, 0, 0, 0, 2, 255, 0, 128, 255, true);
      expect(matrixOf(pool.mesh, slot).map((v) => v + 0), 'scale 2 at three (-5, 7, -3) (+0 folds -0)').toEqual([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, -5, 7, -3, 1]);
      const color = Array.from(pool.mesh.instanceColor!.array.slice(0, 3));
      expect(color[0], 'sRGB 255 is linear 1').toBeCloseTo(1, 6);
      expect(color[1], 'sRGB 0 is linear 0').toBe(0);
      expect(color[2], 'sRGB 128 is linear ~0.216').toBeCloseTo(0.2158, 3);
      pool.write(slot, 3, 5, 7, 0, 0, 0, 2, 255, 0, 128, 255, false);
      expect(matrixOf(pool.mesh, slot).every((v) => v === 0), 'hidden: zero matrix').toBe(true);
      pool.write(slot, 3, 5, 7, 0, 0, 0, 2, 255, 0, 128, 0, true);
      expect(matrixOf(pool.mesh, slot).every((v) => v === 0), 'alpha 0: zero matrix').toBe(true);
    });

    it('allocates nothing per write and per flush', () => {
      const { pool } = setup(1024);
      for (let i = 0; i < 1000; i++) pool.allocate();
      let i = 0;
      const growth = measureHeapGrowth(() => {
        const slot = i++ % 1000;
        pool.write(slot, slot, 1, 2, slot, 10, 20, 1, 10, 20, 30, 255, true);
        if (slot === 999) {
          pool.flush();
          // Stand in for three.js consuming the upload, as a render does.
          pool.mesh.instanceMatrix.clearUpdateRanges();
          pool.mesh.instanceMatrix.onUploadCallback();
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
      pool.write(10, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 255, true);
      pool.write(12, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 255, true);
      const version = matrices.version;
      pool.flush();
      expect(matrices.version, 'the matrix attribute is marked for upload').toBe(version + 1);
      expect(matrices.updateRanges.map((r) => ({ ...r })), 'one range from slot 10 to slot 12').toEqual([{ start: 160, count: 48 }]);
      expect(pool.mesh.instanceColor!.updateRanges.map((r) => ({ ...r })), 'the same slots of the colours').toEqual([{ start: 30, count: 9 }]);
      // Not uploaded (nothing drawn since): the next flush must not narrow the pending upload.
      pool.write(20, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 255, true);
      pool.flush();
      expect(matrices.updateRanges, 'pending upload: whole buffer').toEqual([]);
      matrices.onUploadCallback();
      for (let s = 0; s < 30; s++) pool.write(s, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 255, true);
      pool.flush();
      expect(matrices.updateRanges, 'most slots written: whole buffer').toEqual([]);
    });
  });

  describe('#write, moves only', () => {
    it('writes only the translation when rotation and scale are unchanged, and the matrix equals a full compose (random transforms)', () => {
      const { pool } = setup(8);
      const slot = pool.allocate();
      const expected = new Float32Array(16);
      let seed = 12345;
      const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 200 - 100;
      for (let round = 0; round < 200; round++) {
        const yaw = rnd(), pitch = rnd(), roll = rnd(), scale = Math.abs(rnd()) / 10;
        pool.write(slot, rnd(), rnd(), rnd(), yaw, pitch, roll, scale, 1, 2, 3, 255, true);
        const composed = pool.translationOnlyWrites;
        // Moves with the same rotation and scale: translation only, same matrix as composing it.
        for (let m = 0; m < 5; m++) {
          const x = rnd(), y = rnd(), z = rnd();
          pool.write(slot, x, y, z, yaw, pitch, roll, scale, 1, 2, 3, 255, true);
          writeThreeSeedMatrix(expected, 0, x, y, z, yaw, pitch, roll, scale);
          expect(matrixOf(pool.mesh, slot)).toEqual(Array.from(expected));
        }
        expect(pool.translationOnlyWrites - composed).toBe(5);
      }
      // A hidden instance (alpha 0) is zero; showing it again composes the full matrix.
      pool.write(slot, 1, 2, 3, 10, 20, 30, 2, 1, 2, 3, 0, true);
      expect(matrixOf(pool.mesh, slot).every((v) => v === 0)).toBe(true);
      pool.write(slot, 4, 5, 6, 10, 20, 30, 2, 1, 2, 3, 255, true);
      writeThreeSeedMatrix(expected, 0, 4, 5, 6, 10, 20, 30, 2);
      expect(matrixOf(pool.mesh, slot)).toEqual(Array.from(expected));
    });

    it('#move (setInstancePositions) writes only the translation: the matrix equals a full compose at the new place; a hidden instance stays hidden', () => {
      const { pool } = setup(16);
      for (let i = 0; i < 10; i++) pool.allocate();
      const a = 4;
      const hidden = 5;
      const expected = new Float32Array(16);
      pool.write(a, 1, 2, 3, 30, -20, 10, 1.5, 9, 9, 9, 255, true);
      pool.write(hidden, 1, 2, 3, 0, 0, 0, 1, 9, 9, 9, 0, true);
      pool.flush();
      pool.mesh.instanceMatrix.clearUpdateRanges();
      pool.mesh.instanceMatrix.onUploadCallback(); // what three.js does after uploading
      const before = pool.translationOnlyWrites;
      pool.move(a, -7, 8.5, 40);
      writeThreeSeedMatrix(expected, 0, -7, 8.5, 40, 30, -20, 10, 1.5);
      expect(matrixOf(pool.mesh, a)).toEqual(Array.from(expected));
      expect(pool.translationOnlyWrites - before).toBe(1);
      pool.move(hidden, 5, 5, 5);
      expect(matrixOf(pool.mesh, hidden).every((v) => v === 0), 'still hidden').toBe(true);
      // only the moved slot is queued for upload
      pool.flush();
      expect(pool.mesh.instanceMatrix.updateRanges.map((r) => [r.start, r.count])).toEqual([[a * 16, 16]]);
      expect(codeOf(() => pool.move(12, 0, 0, 0))).toBe('TF4502');
    });

    it('uploads colours only over the slots whose colour changed', () => {
      const { pool } = setup(64);
      for (let i = 0; i < 40; i++) pool.allocate();
      for (let i = 0; i < 40; i++) pool.write(i, i, 0, 0, 0, 0, 0, 1, 9, 9, 9, 255, true);
      pool.flush();
      const matrices = pool.mesh.instanceMatrix;
      const colors = pool.mesh.instanceColor!;
      matrices.onUploadCallback();
      matrices.clearUpdateRanges();
      colors.clearUpdateRanges();
      const colorVersion = colors.version;
      pool.write(10, 5, 0, 0, 0, 0, 0, 1, 9, 9, 9, 255, true);
      pool.flush();
      expect(matrices.updateRanges.map((r) => ({ ...r }))).toEqual([{ start: 160, count: 16 }]);
      expect(colors.version, 'colour unchanged: not uploaded').toBe(colorVersion);
      matrices.onUploadCallback();
      pool.write(11, 5, 0, 0, 0, 0, 0, 1, 200, 9, 9, 255, true);
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
        pool.write(slot, i, 0, 0, 0, 0, 0, 1, 10 * i, 0, 0, 255, true);
      }
      expect(pool.slotCapacity, '2 -> 4 -> 8').toBe(8);
      expect(scene.children.includes(first), 'the old mesh left the scene').toBe(false);
      expect(scene.children.includes(pool.mesh), 'the new mesh is in it').toBe(true);
      for (let i = 0; i < 5; i++) expect(matrixOf(pool.mesh, i)[14], `slot ${i} kept its position`).toBe(-i);
      pool.dispose();
      expect(scene.children.length, 'dispose removes the mesh').toBe(0);
    });
  });
});
