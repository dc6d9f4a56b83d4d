// Debug text in the debug-draw StateBuffer: a text record followed by its UTF-8 byte records,
// written by DebugDrawWriter.addText, read back by the engine's DebugDrawSync into a
// RecordingRenderer's debugText calls (single thread here; the worker path is
// test/engine/protogame-text-audio.test.ts). Also: a text that does not fit with all its bytes is
// dropped and counted, a long text is cut with the marker and counted, lines and texts mix.
import { describe, expect, it } from 'vitest';
import {
  createDebugDrawBuffer, DebugDrawWriter, DEBUG_DRAW_SCHEMA, DEBUG_KIND_LINE, DEBUG_KIND_MESSAGE, DEBUG_KIND_SCREEN_TEXT,
  DEBUG_KIND_WORLD_TEXT, DEBUG_MODE_X_RAY, MAX_DEBUG_TEXT_BYTES,
} from '../../src/protocol/debug-draw-state.ts';
import { TRUNCATION_MARKER } from '../../src/protocol/string-codec.ts';
import { StateReader } from '../../src/shared-memory/state-reader.ts';
import { DebugDrawSync } from '../../src/engine/debug-draw-sync.ts';
import { RecordingRenderer } from '../../src/platform/recording-renderer.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

function rig(capacity: number) {
  const sab = createDebugDrawBuffer(capacity);
  const writer = new DebugDrawWriter(sab);
  const renderer = new RecordingRenderer();
  const sync = new DebugDrawSync(new StateReader(sab, DEBUG_DRAW_SCHEMA), renderer);
  return { writer, renderer, sync };
}

describe('debug text in the debug-draw buffer', () => {
  it('carries texts with their strings, placement, colour and mode, between lines', () => {
    const { writer, renderer, sync } = rig(64);
    writer.begin();
    expect(writer.add(DEBUG_KIND_LINE, [1, 2, 3, 4, 5, 6, 0.1], [255, 0, 0, 255], 0)).toBe(true);
    const long = 'a fairly long world text that spans two byte records';
    expect(writer.addText(DEBUG_KIND_WORLD_TEXT, long, [10, 3, 1, 1.5, 0.5, 0.25], [1, 2, 3, 4], DEBUG_MODE_X_RAY)).toBe(true);
    expect(writer.addText(DEBUG_KIND_SCREEN_TEXT, 'ünïcödé ✓ 😀', [20, 30, 48, 0, 1], [9, 8, 7, 6], 0)).toBe(true);
    expect(writer.addText(DEBUG_KIND_MESSAGE, '', [], [255, 255, 0, 255], 0), 'an empty message is carried (no byte records)').toBe(true);
    expect(writer.add(DEBUG_KIND_LINE, [0, 0, 0, 1, 1, 1, 0], [0, 255, 0, 255], 0)).toBe(true);
    expect(writer.size, '1 + (1 + 2) + (1 + 1) + 1 + 1 records').toBe(8);
    writer.publish(1);
    sync.sync();
    expect(renderer.debugTexts).toEqual([
      { kind: 0, text: long, x: 10, y: 3, z: 1, height: 1.5, alignX: 0.5, alignY: 0.25, r: 1, g: 2, b: 3, a: 4, mode: DEBUG_MODE_X_RAY },
      { kind: 2, text: 'ünïcödé ✓ 😀', x: 20, y: 30, z: 0, height: 48, alignX: 0, alignY: 1, r: 9, g: 8, b: 7, a: 6, mode: 0 },
      { kind: 3, text: '', x: 0, y: 0, z: 0, height: 0, alignX: 0, alignY: 0, r: 255, g: 255, b: 0, a: 255, mode: 0 },
    ]);
    expect(renderer.debugLines.map((l) => l.g), 'both lines, around the texts').toEqual([0, 255]);
    expect([sync.primitives, sync.texts, sync.lines, sync.skipped]).toEqual([5, 3, 2, 0]);
  });

  it('drops a text whose byte records do not all fit, and counts it', () => {
    const { writer, renderer, sync } = rig(4);
    writer.begin();
    expect(writer.addText(DEBUG_KIND_MESSAGE, 'short', [], [1, 1, 1, 255], 0), '2 records').toBe(true);
    expect(writer.addText(DEBUG_KIND_MESSAGE, 'x'.repeat(100), [], [1, 1, 1, 255], 0), 'needs 4 records, 2 are left').toBe(false);
    expect([writer.dropped, writer.lastDropped, writer.size]).toEqual([1, 1, 2]);
    expect(writer.addText(DEBUG_KIND_MESSAGE, 'fits', [], [1, 1, 1, 255], 0), 'a smaller one still fits').toBe(true);
    writer.publish(1);
    sync.sync();
    expect(renderer.debugTexts.map((t) => t.text)).toEqual(['short', 'fits']);
  });

  it(`cuts a text longer than ${MAX_DEBUG_TEXT_BYTES} bytes with the marker, and counts it`, () => {
    const { writer, renderer, sync } = rig(64);
    writer.begin();
    writer.addText(DEBUG_KIND_MESSAGE, 'é'.repeat(200), [], [1, 1, 1, 255], 0);
    writer.publish(1);
    sync.sync();
    expect(writer.truncated).toBe(1);
    const text = renderer.debugTexts[0]!.text;
    expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_DEBUG_TEXT_BYTES);
    expect(text.startsWith('é'.repeat(100))).toBe(true);
  });

  it('writes a set of texts without allocating', () => {
    const { writer } = rig(256);
    const values = new Float64Array([1, 2, 3, 1, 0.5, 0.5]);
    const rgba = [255, 255, 255, 255];
    const step = (): void => {
      writer.begin();
      for (let i = 0; i < 20; i++) writer.addText(DEBUG_KIND_WORLD_TEXT, 'frame text ünï', values, rgba, 0);
      writer.publish(1);
    };
    const g = measureHeapGrowth(step, 3000, 3000, 5);
    const info = `allocated ${g.allocatedBytes} B, gc runs ${g.gcRuns}`;
    expect(g.gcRuns, `no gc over 3000 sets (${info})`).toBe(0);
    expect(g.allocatedBytes, `under 64 KiB allocated over 3000 sets of 20 texts (${info})`).toBeLessThan(64 * 1024);
  });
});
