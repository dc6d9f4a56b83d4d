// emitDebugPrimitiveLines: debug primitives as line segments (seed coordinates), checked against
// geometry: a point's cross, a wire sphere's circles on the sphere, an arrow's head at the tip.
import { describe, expect, it } from 'vitest';
import { ARROW_HEAD_FRACTION, DEBUG_LINES_PER_KIND, emitDebugPrimitiveLines, POINT_MIN_HALF, SPHERE_SEGMENTS } from '../../src/engine/debug-draw-lines.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import type { RecordedDebugLine } from '../../src/platform/recording-renderer.ts';
import type { DebugLineLook } from '../../src/platform/renderer.ts';
import { DEBUG_KIND_ARROW, DEBUG_KIND_LINE, DEBUG_KIND_POINT, DEBUG_KIND_WIRE_SPHERE } from '../../src/protocol/debug-draw-state.ts';

function emit(kind: number, a: [number, number, number], b: [number, number, number], radius: number): { n: number; lines: readonly RecordedDebugLine[] } {
  const r = new RecordingRenderer();
  r.beginDebug();
  const n = emitDebugPrimitiveLines(kind, ...a, ...b, radius, 10, 20, 30, 40, 1, r);
  r.endDebug();
  expect(emitDebugPrimitiveLines(kind, ...a, ...b, radius, 10, 20, 30, 40, 1, null), 'a null sink counts the same').toBe(n);
  expect(r.debugLines.every((l) => l.r === 10 && l.g === 20 && l.b === 30 && l.a === 40 && l.mode === 1), 'colour and mode on every line').toBe(true);
  return { n, lines: r.debugLines };
}
const ends = (l: RecordedDebugLine): number[][] => [[l.x0, l.y0, l.z0], [l.x1, l.y1, l.z1]];
const dist = (p: number[], q: number[]): number => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);

describe('emitDebugPrimitiveLines', () => {
  it('a line is itself', () => {
    const { n, lines } = emit(DEBUG_KIND_LINE, [1, 2, 3], [4, 5, 6], 0.3);
    expect(n).toBe(1);
    expect(lines.map(ends)).toEqual([[[1, 2, 3], [4, 5, 6]]]);
  });

  it('lines and arrows are `radius` pixels wide (their thickness); points and spheres 1 pixel', () => {
    const widths = (kind: number): number[] => {
      const seen: number[] = [];
      const sink = { debugLine: (l: DebugLineLook) => { seen.push(l.width); } };
      emitDebugPrimitiveLines(kind, 1, 2, 3, 9, 2, 3, 4, 255, 255, 255, 255, 0, sink);
      return seen;
    };
    expect(widths(DEBUG_KIND_LINE)).toEqual([4]);
    expect(widths(DEBUG_KIND_ARROW), 'shaft and head').toEqual([4, 4, 4, 4, 4]);
    expect(widths(DEBUG_KIND_POINT)).toEqual([1, 1, 1]);
    expect(new Set(widths(DEBUG_KIND_WIRE_SPHERE))).toEqual(new Set([1]));
  });

  it('a point is a 3-axis cross of half-length radius (a minimum size when the radius is 0)', () => {
    expect(emit(DEBUG_KIND_POINT, [1, 2, 3], [0, 0, 0], 0.5).lines.map(ends)).toEqual([
      [[0.5, 2, 3], [1.5, 2, 3]], [[1, 1.5, 3], [1, 2.5, 3]], [[1, 2, 2.5], [1, 2, 3.5]],
    ]);
    const zero = emit(DEBUG_KIND_POINT, [0, 0, 0], [0, 0, 0], 0).lines;
    expect(zero.map((l) => dist(...(ends(l) as [number[], number[]])))).toEqual([2 * POINT_MIN_HALF, 2 * POINT_MIN_HALF, 2 * POINT_MIN_HALF]);
  });

  it('a wire sphere is three closed great circles of 24 segments on the sphere', () => {
    const c = [5, -2, 1];
    const { n, lines } = emit(DEBUG_KIND_WIRE_SPHERE, [5, -2, 1], [0, 0, 0], 2);
    expect(n).toBe(3 * SPHERE_SEGMENTS);
    for (const l of lines) for (const p of ends(l)) expect(dist(p, c)).toBeCloseTo(2, 9);
    // One circle per axis plane: on each, one coordinate stays the centre's.
    for (const [axis, count] of [[2, 1], [1, 1], [0, 1]] as const) {
      const circle = lines.filter((l) => ends(l).every((p) => p[axis] === c[axis]));
      expect(circle.length, `the circle with constant axis ${axis}`).toBeGreaterThanOrEqual(SPHERE_SEGMENTS * count);
      // Closed: every end is the start of another segment of the same circle.
      for (const l of circle) expect(circle.some((m) => dist([m.x0, m.y0, m.z0], [l.x1, l.y1, l.z1]) < 1e-9)).toBe(true);
    }
  });

  it('an arrow is its shaft plus four head lines from the tip, back along the shaft', () => {
    const { n, lines } = emit(DEBUG_KIND_ARROW, [0, 0, 0], [10, 0, 0], 0.1);
    expect(n).toBe(5);
    expect(ends(lines[0]!)).toEqual([[0, 0, 0], [10, 0, 0]]);
    const head = ARROW_HEAD_FRACTION * 10;
    for (const l of lines.slice(1)) {
      expect([l.x0, l.y0, l.z0], 'from the tip').toEqual([10, 0, 0]);
      expect(l.x1, 'one head length back').toBeCloseTo(10 - head, 9);
      expect(Math.hypot(l.y1, l.z1), 'half as wide as long').toBeCloseTo(head / 2, 9);
    }
    // A vertical arrow gets a head too (the side axis is not parallel to it).
    const up = emit(DEBUG_KIND_ARROW, [1, 1, 0], [1, 1, 4], 0).lines;
    expect(up.length).toBe(5);
    for (const l of up.slice(1)) expect(l.z1).toBeCloseTo(4 - ARROW_HEAD_FRACTION * 4, 9);
    // A zero-length arrow is only its (empty) shaft; an unknown kind draws nothing.
    expect(emit(DEBUG_KIND_ARROW, [1, 1, 1], [1, 1, 1], 0.1).n).toBe(1);
    expect(emit(9, [0, 0, 0], [1, 1, 1], 1).n).toBe(0);
  });

  it('DEBUG_LINES_PER_KIND matches what is emitted', () => {
    expect([DEBUG_KIND_POINT, DEBUG_KIND_LINE, DEBUG_KIND_WIRE_SPHERE, DEBUG_KIND_ARROW].map((k) => emit(k, [0, 0, 0], [1, 2, 3], 1).n)).toEqual(DEBUG_LINES_PER_KIND);
  });
});
