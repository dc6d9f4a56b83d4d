// The replay plan and the record applier on a synthetic recording: command records written by the
// real CommandWriter into a real ring, taken raw as the recorder's tap takes them, read back per
// incarnation into ticks (facts), frames (position, FRAME_ENDs, completeness) and recorded
// commands by position; and applied one at a time to a world that then equals one the ordinary
// drain built.
import { describe, expect, it } from 'vitest';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { INPUT_STATE_SLOTS } from '../../src/protocol/input-state.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { isFrameEnd, isGameCommand, recordType, recordWords } from '../../src/engine/replay-commands.ts';
import { planReplay, wordsOf } from '../../src/startup/replay-plan.ts';
import { ReplayWorld } from '../../src/startup/replay-world.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { EngineFrameEvent, RecordingEvent } from '../../src/startup/replay-model.ts';
import { COMMAND_OPCODES } from '../../src/protocol/command-opcodes.ts';

/** Writes with `write`, then takes every record raw from the ring (what the recorder's tap copies). */
function records(write: (w: CommandWriter) => void): Uint8Array {
  const sab = createCommandQueueBuffer(1 << 16);
  const w = new CommandWriter(sab);
  write(w);
  w.flush();
  const r = new RingReader(sab);
  const out: number[] = [];
  for (let t = r.tryRead(); t >= 0; t = r.tryRead()) {
    const n = 2 + (((r.length + 7) & -8) >> 2);
    const q = (r.offset >> 2) - 2;
    for (let i = 0; i < n; i++) out.push(r.i32[q + i]!);
    r.release();
  }
  return new Uint8Array(Int32Array.from(out).buffer);
}

const E1 = 1;
const E2 = 2;

/** The recording format whose fact layout `tick` writes: 4 (the FRAME_END carries the tick facts) or 3 (a TICK_FACTS first). */
type Format = 3 | 4;

function tick(w: CommandWriter, n: number, dt: number, snapshot: number, body: (w: CommandWriter) => void, input?: Int32Array, format: Format = 4): void {
  body(w);
  if (format === 3) {
    w.tickFacts(dt, n, snapshot, snapshot, 0, 1);
    if (input !== undefined) w.inputFacts(input);
    w.frameEnd(n);
  } else {
    if (input !== undefined) w.inputFacts(input);
    w.frameEnd(n, { tick: n, rawDt: dt, entityFrame: snapshot, cameraFrame: snapshot, callbacks: 0, incarnation: 1 });
  }
}

describe.each([4, 3] as const)('planReplay (format %i facts)', (format) => {
  const input = new Int32Array(INPUT_STATE_SLOTS);
  input[0] = 7;
  const f1 = records((w) => {
    w.createMesh(E1, 0, 0, 1, 2, 3, 1, 255, 255, 255, 255);
    tick(w, 1, 0, 0, (x) => x.moveBy(E1, 1, 0, 0), input, format);
  });
  const f2 = records((w) => {
    tick(w, 2, 1 / 60, 1, (x) => { x.moveBy(E1, 1, 0, 0); x.createMesh(E2, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4); }, undefined, format);
    tick(w, 3, 1 / 60, 1, (x) => x.updateScale(E2, 3), undefined, format);
  });
  const events: RecordingEvent[] = [
    { kind: 'incarnation', frame: 0, incarnation: 1, reason: 'start' },
    { kind: 'frame', frame: 1, incarnation: 1, position: 2, stateHash: 11, records: f1 },
    { kind: 'frame', frame: 2, incarnation: 1, position: 5, stateHash: 22, records: f2 },
  ];

  it('reads each tick\'s facts, its command range and the frames\' positions', () => {
    const plan = planReplay(events);
    expect(plan.incarnations).toHaveLength(1);
    const inc = plan.incarnations[0]!;
    expect(inc.ticks.map((t) => [t.tick, t.rawDt, t.entityFrame, t.commandsFrom, t.commandsTo])).toEqual([[1, 0, 0, 0, 2], [2, 1 / 60, 1, 2, 4], [3, 1 / 60, 1, 4, 5]]);
    expect(inc.ticks[0]!.input?.[0]).toBe(7);
    expect(inc.ticks[1]!.input).toBeNull();
    expect(inc.frames.map((f) => [f.frame, f.position, f.frameEnds, f.complete])).toEqual([[1, 2, 1, true], [2, 5, 3, true]]);
    expect(inc.commandAt).toHaveLength(5);
    expect(plan.tickCount).toBe(3);
    expect(plan.seconds).toBeCloseTo(2 / 60, 12);
  });

  it('takes a first tick\'s two INPUT_FACTS as the state the reader attached with, then the tick\'s own', () => {
    const attach = new Int32Array(INPUT_STATE_SLOTS);
    attach[256 + 65] = 1;
    const now = new Int32Array(INPUT_STATE_SLOTS);
    now[256 + 65] = 2;
    const bytes = records((w) => {
      if (format === 3) w.tickFacts(0, 1, 0, 0, 0, 1);
      w.inputFacts(attach);
      w.inputFacts(now);
      if (format === 3) w.frameEnd(1);
      else w.frameEnd(1, { tick: 1, rawDt: 0, entityFrame: 0, cameraFrame: 0, callbacks: 0, incarnation: 1 });
    });
    const plan = planReplay([{ kind: 'frame', frame: 1, incarnation: 1, position: 0, stateHash: 0, records: bytes }]);
    const inc = plan.incarnations[0]!;
    expect(inc.attachInput?.[256 + 65]).toBe(1);
    expect(inc.ticks[0]!.input?.[256 + 65]).toBe(2);
    expect(planReplay(events).incarnations[0]!.attachInput).toBeNull();
  });

  it('marks a frame whose game commands a flight recording dropped as incomplete (positions unknown), keeping its facts', () => {
    // The flight window's trim: the frame keeps its facts and FRAME_ENDs only.
    const words = wordsOf(f2);
    const kept: number[] = [];
    for (let q = 0; q < words.length; q += recordWords(words, q)) {
      if (!isGameCommand(recordType(words, q))) for (let i = 0; i < recordWords(words, q); i++) kept.push(words[q + i]!);
    }
    const trimmed: EngineFrameEvent = { kind: 'frame', frame: 2, incarnation: 1, position: 5, stateHash: 22, records: new Uint8Array(Int32Array.from(kept).buffer) };
    const plan = planReplay([events[0]!, events[1]!, trimmed]);
    const inc = plan.incarnations[0]!;
    expect(inc.frames[1]).toMatchObject({ position: 5, frameEnds: 3, complete: false });
    expect([...inc.commandAt.slice(2)]).toEqual([-1, -1, -1]);
    expect(inc.ticks.map((t) => t.tick)).toEqual([1, 2, 3]);
    expect(inc.ticks[2]!.commandsTo).toBe(-1);
  });

  it('gives each tick the callbacks delivered to it, in order', () => {
    const cb = (k: number): Uint8Array => new Uint8Array(24).fill(k);
    const bytes = records((w) => {
      if (format === 3) {
        w.tickFacts(0, 1, 0, 0, 2, 1);
        w.callbackFacts(cb(1), 0, 24);
        w.callbackFacts(cb(2), 0, 24);
        w.frameEnd(1);
        w.tickFacts(0.5, 2, 0, 0, 1, 1);
        w.callbackFacts(cb(3), 0, 24);
        w.frameEnd(2);
      } else {
        w.callbackFacts(cb(1), 0, 24);
        w.callbackFacts(cb(2), 0, 24);
        w.frameEnd(1, { tick: 1, rawDt: 0, entityFrame: 0, cameraFrame: 0, callbacks: 2, incarnation: 1 });
        w.callbackFacts(cb(3), 0, 24);
        w.frameEnd(2, { tick: 2, rawDt: 0.5, entityFrame: 0, cameraFrame: 0, callbacks: 1, incarnation: 1 });
      }
    });
    const ticks = planReplay([{ kind: 'frame', frame: 1, incarnation: 1, position: 0, stateHash: 0, records: bytes }]).incarnations[0]!.ticks;
    expect(ticks.map((t) => [t.tick, t.rawDt, t.callbackCount, t.callbacks.map((c) => c[0])])).toEqual([[1, 0, 2, [1, 2]], [2, 0.5, 1, [3]]]);
  });

  it('splits incarnations and files each diagnostic under the incarnation running at its frame', () => {
    const plan = planReplay([
      ...events,
      { kind: 'diagnostic', frame: 2, tick: 3, code: 'TF5001', severity: 'error', message: 'boom' },
      { kind: 'incarnation', frame: 3, incarnation: 2, reason: 'restart' },
      { kind: 'frame', frame: 4, incarnation: 2, position: 2, stateHash: 1, records: f1 },
      { kind: 'diagnostic', frame: 4, tick: 1, code: 'TF5002', severity: 'error', message: 'again' },
    ]);
    expect(plan.incarnations.map((i) => [i.incarnation, i.reason, i.startFrame, i.diagnostics.map((d) => d.code)])).toEqual([[1, 'start', 0, ['TF5001']], [2, 'restart', 3, ['TF5002']]]);
    expect(plan.incarnations[1]!.ticks.map((t) => t.tick)).toEqual([1]);
  });
});

describe('ReplayWorld.apply (records from plain memory, one at a time)', () => {
  it('builds the same world as the ordinary drain, skipping facts, stopping at any record', () => {
    const bytes = records((w) => {
      w.createMesh(E1, 0, 0, 1, 2, 3, 1, 255, 255, 255, 255);
      w.createMesh(E2, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4);
      tick(w, 1, 0.5, 0, (x) => { x.moveBy(E1, 1, 1, 1); x.updateColor(E2, 9, 8, 7, 6); x.destroyEntity(E1); });
    });
    // The ordinary drain into one world...
    const direct = new ReplayWorld(16, 4, silentLogger);
    const sab = createCommandQueueBuffer(1 << 16);
    const cw = new CommandWriter(sab);
    cw.createMesh(E1, 0, 0, 1, 2, 3, 1, 255, 255, 255, 255);
    cw.createMesh(E2, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4);
    tick(cw, 1, 0.5, 0, (x) => { x.moveBy(E1, 1, 1, 1); x.updateColor(E2, 9, 8, 7, 6); x.destroyEntity(E1); });
    cw.flush();
    new CommandReader(sab).drain(direct.outcomes, 1000);
    // ...and record by record into another, checking the state after the first two records.
    const replayed = new ReplayWorld(16, 4, silentLogger);
    const words = wordsOf(bytes);
    let q = replayed.apply(words, 0);
    q = replayed.apply(words, q);
    expect(replayed.entities.live).toBe(2);
    let frameEnds = 0;
    while (q < words.length) {
      if (isFrameEnd(recordType(words, q))) frameEnds++;
      q = replayed.apply(words, q);
    }
    expect(frameEnds).toBe(1);
    expect(replayed.outcomes.lastLogicTick).toBe(1);
    expect(replayed.hash()).toBe(direct.hash());
    expect(replayed.diffFrom(direct.entities, direct.cameras).entities.total).toBe(0);
    expect(replayed.outcomes.malformed).toBe(0);
    expect(replayed.entities.live).toBe(1);
  });

  it('classifies record types: game commands, FRAME_END, facts', () => {
    expect(isGameCommand(COMMAND_OPCODES.MOVE_BY | (1 << 8))).toBe(true);
    expect(isGameCommand(COMMAND_OPCODES.FRAME_END)).toBe(false);
    expect(isFrameEnd(COMMAND_OPCODES.FRAME_END)).toBe(true);
    expect(isGameCommand(COMMAND_OPCODES.TICK_FACTS)).toBe(false);
    expect(isFrameEnd(COMMAND_OPCODES.INPUT_FACTS)).toBe(false);
  });
});
