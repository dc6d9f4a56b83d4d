// A recording of format version 3 (test/fixtures/recording-v3.tfrec: the typed replay fixture game,
// 120 lockstep ticks at 240 fps with the scripted keyboard, mouse and gamepad play of replay.test.ts,
// written by the version-3 writer, whose ticks carry their facts in TICK_FACTS records) still
// replays and verifies tick for tick after the format moved on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_OPCODES } from '../../src/protocol/command-opcodes.ts';
import { forEachRecord } from '../../src/protocol/logic-facts.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { planReplay } from '../../src/startup/replay-plan.ts';
import { replayRecording } from '../../src/startup/replay-driver.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const FIXTURE = here('../fixtures/recording-v3.tfrec');
const TYPED = here('./replay-fixtures/typed-game.ts');

describe('a version-3 recording', () => {
  it('holds its facts as TICK_FACTS records and replays with --verify identical at every tick', async () => {
    const rec = await decodeRecording(new Uint8Array(readFileSync(FIXTURE)));
    expect(rec.formatVersion).toBe(3);
    expect(rec.truncatedAt).toBeNull();
    const counts = new Map<number, number>();
    for (const e of rec.events) {
      if (e.kind !== 'frame') continue;
      forEachRecord(e.records, (op) => { counts.set(op, (counts.get(op) ?? 0) + 1); });
    }
    const { TICK_FACTS, INPUT_FACTS, CALLBACK_FACTS, FRAME_END } = COMMAND_OPCODES;
    expect(counts.get(TICK_FACTS)).toBe(120);
    expect(counts.get(FRAME_END)).toBe(120);
    expect(counts.get(INPUT_FACTS)).toBeGreaterThan(10);
    expect(counts.get(CALLBACK_FACTS)).toBeGreaterThan(5);

    const plan = planReplay(rec.events);
    expect(plan.tickCount).toBe(120);
    const ticks = plan.incarnations[0]!.ticks;
    expect(ticks.map((t) => t.tick)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(ticks.reduce((n, t) => n + t.callbacks.length, 0)).toBe(counts.get(CALLBACK_FACTS));
    expect(ticks.every((t) => t.callbacks.length === t.callbackCount)).toBe(true);
    expect(plan.incarnations[0]!.attachInput).not.toBeNull();

    // The game file is given: the header's path is where the fixture was written.
    const report = await replayRecording(rec, { verify: true, game: TYPED });
    expect(report.divergence, report.divergence?.detail).toBeNull();
    expect(report.errors).toEqual([]);
    expect(report.ticks).toBe(120);
    expect(report.recordedTicks).toBe(120);
  }, 60_000);
});
