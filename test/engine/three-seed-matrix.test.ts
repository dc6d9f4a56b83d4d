import { describe, expect, it } from 'vitest';
import { Matrix4, PerspectiveCamera, Vector3 } from 'three';
import { writeThreeSeedMatrix, writeZeroMatrix } from '../../src/three/three-seed-matrix.ts';

const DEG = Math.PI / 180;

/** The axis mapping as a matrix: three = M · seed, i.e. (x, y, z) -> (−y, z, −x). */
const M = new Matrix4().set(
  0, -1, 0, 0,
  0, 0, 1, 0,
  -1, 0, 0, 0,
  0, 0, 0, 1,
);
const M_INV = M.clone().invert();

/** Independent reference: M · T · Rz(yaw) · Ry(pitch) · Rx(roll) · S · M⁻¹ built from three's generic matrices. */
function reference(x: number, y: number, z: number, yaw: number, pitch: number, roll: number, s: number): Matrix4 {
  const seed = new Matrix4().makeTranslation(x, y, z)
    .multiply(new Matrix4().makeRotationZ(yaw * DEG))
    .multiply(new Matrix4().makeRotationY(pitch * DEG))
    .multiply(new Matrix4().makeRotationX(roll * DEG))
    .multiply(new Matrix4().makeScale(s, s, s));
  return M.clone().multiply(seed).multiply(M_INV);
}

function compose(x: number, y: number, z: number, yaw: number, pitch: number, roll: number, s = 1): Matrix4 {
  const m = new Matrix4();
  writeThreeSeedMatrix(m.elements, 0, x, y, z, yaw, pitch, roll, s);
  return m;
}

/** Seed world vector -> three world vector. */
function toThree(x: number, y: number, z: number): Vector3 {
  return new Vector3(-y, z, -x);
}

/** A small seeded PRNG (mulberry32) so failures are reproducible; the seed is printed on failure. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('writeThreeSeedMatrix', () => {
  it('maps the seed axes onto three.js: forward -> -Z, left -> -X, up -> +Y', () => {
    const m = compose(0, 0, 0, 0, 0, 0);
    expect(m.elements.map((v) => v + 0), 'no rotation and no translation is the identity').toEqual(new Matrix4().elements);
    const p = compose(3, 5, 7, 0, 0, 0);
    const t = new Vector3().setFromMatrixPosition(p);
    expect(t.toArray(), 'seed (3, 5, 7) sits at three (-5, 7, -3)').toEqual([-5, 7, -3]);
    expect(p.determinant(), 'the mapping keeps handedness').toBeCloseTo(1, 10);
  });

  it('matches the independent reference for random transforms', () => {
    const seed = 0x5eed;
    const rnd = prng(seed);
    for (let i = 0; i < 500; i++) {
      const args = [
        (rnd() - 0.5) * 200, (rnd() - 0.5) * 200, (rnd() - 0.5) * 200,
        (rnd() - 0.5) * 720, (rnd() - 0.5) * 180, (rnd() - 0.5) * 720, 0.1 + rnd() * 10,
      ] as const;
      const got = compose(...args).elements;
      const want = reference(...args).elements;
      for (let k = 0; k < 16; k++) {
        expect(Math.abs(got[k]! - want[k]!), `seed ${seed}, case ${i}, element ${k}, args ${args.join(',')}`).toBeLessThan(1e-9);
      }
    }
  });

  it('turns with the seed conventions: yaw left, positive pitch looks down, positive roll dips the right side', () => {
    const forwardOf = (m: Matrix4): Vector3 => new Vector3().setFromMatrixColumn(m, 2).negate();
    const upOf = (m: Matrix4): Vector3 => new Vector3().setFromMatrixColumn(m, 1);
    const leftOf = (m: Matrix4): Vector3 => new Vector3().setFromMatrixColumn(m, 0).negate();
    const near = (a: Vector3, b: Vector3): number => a.distanceTo(b);

    expect(near(forwardOf(compose(0, 0, 0, 90, 0, 0)), toThree(0, 1, 0)), 'yaw 90 faces seed +Y (left)').toBeLessThan(1e-12);
    const pitched = forwardOf(compose(0, 0, 0, 0, 30, 0));
    expect(near(pitched, toThree(Math.cos(30 * DEG), 0, -Math.sin(30 * DEG))), 'pitch 30 looks 30 degrees down').toBeLessThan(1e-12);
    expect(near(upOf(compose(0, 0, 0, 0, 0, 90)), toThree(0, -1, 0)), 'roll 90 turns up towards the right (seed -Y)').toBeLessThan(1e-12);
    expect(near(leftOf(compose(0, 0, 0, 0, 0, 90)), toThree(0, 0, 1)), 'roll 90 turns left towards up').toBeLessThan(1e-12);
  });

  it('is a camera world matrix that looks along the seed forward', () => {
    const camera = new PerspectiveCamera(60, 1, 0.1, 100);
    camera.matrixAutoUpdate = false;
    writeThreeSeedMatrix(camera.matrix.elements, 0, -10, 2, 3, 45, 20, 0, 1);
    camera.updateMatrixWorld(true);
    // A point 5 units along the seed forward of a camera at (-10, 2, 3), yaw 45, pitch 20.
    const cp = Math.cos(20 * DEG), sp = Math.sin(20 * DEG), cy = Math.cos(45 * DEG), sy = Math.sin(45 * DEG);
    const ahead = toThree(-10 + 5 * cy * cp, 2 + 5 * sy * cp, 3 - 5 * sp);
    const ndc = ahead.clone().project(camera);
    expect(Math.abs(ndc.x) + Math.abs(ndc.y), 'the forward point projects to the screen centre').toBeLessThan(1e-9);
    expect(ndc.z, 'and lies inside the depth range').toBeLessThan(1);
    const above = toThree(-10 + 5 * cy * cp, 2 + 5 * sy * cp, 3 - 5 * sp).add(new Vector3(0, 1, 0)).project(camera);
    expect(above.y, 'seed up is screen up').toBeGreaterThan(0);
  });

  it('writes at an offset and scales uniformly', () => {
    const out = new Float32Array(48).fill(7);
    writeThreeSeedMatrix(out, 16, 1, 2, 3, 0, 0, 0, 2.5);
    expect(Array.from(out.slice(0, 16)), 'slots before the offset are untouched').toEqual(new Array<number>(16).fill(7));
    expect(Array.from(out.slice(32)), 'slots after it are untouched').toEqual(new Array<number>(16).fill(7));
    expect([out[16], out[21], out[26]], 'the diagonal carries the scale').toEqual([2.5, 2.5, 2.5]);
    writeZeroMatrix(out, 16);
    expect(Array.from(out.slice(16, 32)), 'a zero matrix hides an instance').toEqual(new Array<number>(16).fill(0));
  });
});
