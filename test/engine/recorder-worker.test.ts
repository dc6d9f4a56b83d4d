/**
 * Recording on real workers (issue 16): the logic writes its facts only when recording; two
 * recordings of the same game and seed see the same logic facts and the same draws from every
 * source of non-determinism (Math.random, crypto.getRandomValues, performance.now, Date.now), the
 * clock ones being exactly the virtual time the recording's raw dts add up to; the recording is a
 * decodable file whose keyframes hash to the frames' state hashes.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runHeadless } from '../../src/startup/run-headless.ts';
import { createNodeApp } from '../../src/startup/node-app.ts';
import { testHooks } from '../../src/startup/testing.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { stateHash } from '../../src/protocol/state-hash.ts';
import type { EngineFrameEvent, RecordingEvent } from '../../src/protocol/recording.ts';
import { CALLBACK_FACTS, FRAME_END_FACTS_BYTES, INPUT_FACTS, TICK_FACTS, FRAME_END, createTickFacts, forEachRecord, readTickFactsOf } from '../../src/protocol/logic-facts.ts';

const game = fileURLToPath(new URL('../fixtures/games/record-sources.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/** Records `frames` logic frames of the fixture with key A pressed at frame 5 and released at 9. */
async function record(seed: number, frames = 40) {
  const chunks: Uint8Array[] = [];
  const run = await runHeadless(game, {
    frames, fps: 240, seed, record: (c) => { chunks.push(c); },
    beforeFrame: (n, input) => { if (n === 5) input.keyDown(65); if (n === 9) input.keyUp(65); },
  });
  const file = await decodeRecording(concat(chunks));
  return { run, file };
}

/**
 * The logic facts of a recording, in ring order, as comparable strings: raw dts apart (wall time),
 * and the engine frames the ticks read counted from the first tick's (the engine runs frames while
 * the worker loads, as many as the load takes).
 */
function factsOf(events: readonly RecordingEvent[]) {
  const facts: string[] = [];
  const dts: number[] = [];
  const t = createTickFacts();
  let first = -1;
  for (const e of events) {
    if (e.kind !== 'frame') continue;
    forEachRecord(e.records, (op, _type, off, len) => {
      if (readTickFactsOf(e.records, op, off, len, t)) {
        dts.push(t.rawDt);
        if (first < 0) first = t.entityFrame;
        facts.push(`tick ${t.tick} frames ${t.entityFrame - first}/${t.cameraFrame - first} callbacks ${t.callbacks} incarnation ${t.incarnation}`);
      }
      if (op === INPUT_FACTS || op === CALLBACK_FACTS) {
        facts.push(`${op === INPUT_FACTS ? 'input' : 'callback'} ${Buffer.from(e.records.subarray(off, off + len)).toString('base64')}`);
      } else if (op === FRAME_END) {
        facts.push(`end ${new DataView(e.records.buffer, e.records.byteOffset + off, 4).getInt32(0, true)}`);
      }
    });
  }
  return { facts, dts };
}

/** The fixture's log lines as fields by name. */
function draws(logs: readonly string[]) {
  return logs.filter((l) => l.startsWith('t ')).map((l) => {
    const w = l.split(' ');
    return { tick: Number(w[1]), r: w[3], c: `${w[5]} ${w[6]}`, p1: Number(w[8]), p2: Number(w[9]), d: Number(w[11]), nd: Number(w[12]), key: Number(w[16]) };
  });
}

describe('recording on a real worker', () => {
  it('writes logic facts into the ring only when recording', async () => {
    for (const recording of [false, true]) {
      const chunks: Uint8Array[] = [];
      const app = await createNodeApp({ game, logger: new MemoryLogger(), flightRecorderSeconds: 0, ...(recording ? { record: (c: Uint8Array) => { chunks.push(c); } } : {}) });
      const seen = new Map<number, number>();
      const frameEndBytes = new Set<number>();
      try {
        app.start();
        const commands = testHooks(app).logic.commands!;
        const own = commands.tap;
        expect(own === null, `recording ${recording}: the drain is tapped only when recording`).toBe(!recording);
        commands.tap = {
          record: (i32, start, words) => {
            const op = i32[start + 1]! & 0xff;
            seen.set(op, (seen.get(op) ?? 0) + 1);
            if (op === FRAME_END) frameEndBytes.add(i32[start]!);
            own?.record(i32, start, words);
          },
        };
        const end = performance.now() + 15_000;
        while ((seen.get(FRAME_END) ?? 0) < 20 && performance.now() < end) await sleep(20);
      } finally {
        await app.stop();
      }
      expect(seen.get(FRAME_END) ?? 0, 'the logic ran').toBeGreaterThanOrEqual(20);
      if (recording) {
        expect(seen.get(TICK_FACTS), 'no TICK_FACTS (format 4): the FRAME_END carries the tick facts').toBeUndefined();
        expect([...frameEndBytes], 'every FRAME_END carries its tick facts').toEqual([FRAME_END_FACTS_BYTES]);
        expect(seen.get(INPUT_FACTS), 'the input once (it never changed), after the state the reader attached with').toBe(2);
        expect(chunks.length, 'the recording reached its sink').toBeGreaterThan(1);
      } else {
        expect([seen.get(TICK_FACTS), seen.get(INPUT_FACTS), seen.get(CALLBACK_FACTS)], 'no fact record at all').toEqual([undefined, undefined, undefined]);
        expect([...frameEndBytes], 'FRAME_END as without recording: its tick alone').toEqual([4]);
      }
    }
  });

  it('gives the same logic facts and the same draws from every source for the same seed; the clocks are the recorded virtual time', async () => {
    const a = await record(7);
    const b = await record(7);
    const c = await record(8);
    const fa = factsOf(a.file.events);
    const fb = factsOf(b.file.events);
    expect(fa.facts.length, 'facts recorded').toBeGreaterThan(40);
    expect(fa.facts.filter((f) => f.startsWith('callback')).length, 'callbacks recorded (the setup cube, the sphere of key A)').toBeGreaterThanOrEqual(2);
    expect(fa.facts.filter((f) => f.startsWith('input')).length, 'input recorded when it changed (attach, start, press, release)').toBe(4);
    expect(fb.facts, 'identical logic fact streams (raw dts apart: they are wall time)').toEqual(fa.facts);
    const da = draws(a.run.logs);
    const db = draws(b.run.logs);
    expect(da.length).toBe(40);
    expect(db.map((x) => [x.r, x.c, x.key]), 'Math.random, crypto.getRandomValues and the input the same').toEqual(da.map((x) => [x.r, x.c, x.key]));
    expect(draws(c.run.logs).map((x) => x.r), 'another seed draws other numbers').not.toEqual(da.map((x) => x.r));
    expect(da.filter((x) => x.key === 1).map((x) => x.tick), 'key A held for ticks 5..8').toEqual([5, 6, 7, 8]);
    for (const run of [a, b]) {
      const { dts } = factsOf(run.file.events);
      let virtualMs = 0;
      const epoch = run.file.header.epochMs;
      for (const x of draws(run.run.logs)) {
        virtualMs += dts[x.tick - 1]! * 1000;
        expect([x.p1, x.p2, x.d, x.nd], `tick ${x.tick}: performance.now is the virtual time (+0.001 ms per call), Date.now the epoch plus it`)
          .toEqual([virtualMs, virtualMs + 0.001, Math.floor(epoch + virtualMs + 0.002), Math.floor(epoch + virtualMs + 0.003)]);
      }
    }
  }, 60_000);

  it('produces a decodable file: a header, the start, frames with rising positions, keyframes that hash to their frame', async () => {
    const { file } = await record(3, 30);
    expect(file.truncatedAt, 'a complete file').toBeNull();
    expect(file.header).toMatchObject({ kind: 'full', host: 'twinframe', pacing: 'lockstep', seed: 3 });
    expect(file.header.bundleHash, 'the bundle hash').toMatch(/^[0-9a-f]{64}$/);
    expect(file.events[0], 'the first incarnation starts it').toMatchObject({ kind: 'incarnation', incarnation: 1, reason: 'start' });
    const frames = file.events.filter((e): e is EngineFrameEvent => e.kind === 'frame');
    expect(frames.length).toBeGreaterThanOrEqual(30);
    for (let i = 1; i < frames.length; i++) {
      expect(frames[i]!.frame, 'frames in order').toBeGreaterThan(frames[i - 1]!.frame);
      expect(frames[i]!.position, 'positions never go back').toBeGreaterThanOrEqual(frames[i - 1]!.position);
    }
    expect(frames.at(-1)!.position, 'every game command counted: the cube, 30 moves and the sphere').toBe(32);
    const keyframes = file.events.filter((e) => e.kind === 'keyframe');
    expect(keyframes.length, 'a keyframe at the start at least').toBeGreaterThanOrEqual(1);
    for (const k of keyframes) {
      const f = frames.find((x) => x.frame === k.frame);
      expect(f, `keyframe at frame ${k.frame} belongs to a frame`).toBeDefined();
      expect(stateHash(k.entities, k.cameras), `keyframe at frame ${k.frame} hashes to its frame's state hash`).toBe(f!.stateHash);
    }
  }, 30_000);
});

describe('a recording started mid-run (app.startRecording)', () => {
  it('begins with the flight recorder\'s facts from tick 1 and follows frame by frame until stopRecording', async () => {
    const chunks: Uint8Array[] = [];
    const app = await createNodeApp({ game, logger: new MemoryLogger(), flightRecorderSink: () => 'unused' });
    try {
      app.start();
      const logic = testHooks(app).logic;
      const end = performance.now() + 15_000;
      while (logic.observed.lastTick < 30 && performance.now() < end) await sleep(10);
      expect(app.recording).toBe(false);
      app.startRecording((c) => { chunks.push(c); });
      expect(app.recording).toBe(true);
      expect(() => app.startRecording(() => {}), 'one at a time').toThrow(/TF4100/);
      const from = logic.observed.lastTick;
      while (logic.observed.lastTick < from + 30 && performance.now() < end) await sleep(10);
      await app.stopRecording();
      expect(app.recording).toBe(false);
    } finally {
      await app.stop();
    }
    const file = await decodeRecording(concat(chunks));
    expect(file.truncatedAt).toBeNull();
    expect(file.header.kind).toBe('flight');
    const t = createTickFacts();
    const ticks: number[] = [];
    for (const e of file.events) {
      if (e.kind !== 'frame') continue;
      forEachRecord(e.records, (op, _type, off, len) => { if (readTickFactsOf(e.records, op, off, len, t)) ticks.push(t.tick); });
    }
    expect(ticks.slice(0, 60), 'every tick from the first, before and after the start').toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(file.events.filter((e) => e.kind === 'keyframe').length, 'with a keyframe').toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('refuses to start without the flight recorder (the logic writes no facts)', async () => {
    const app = await createNodeApp({ game, logger: new MemoryLogger(), flightRecorderSeconds: 0 });
    try {
      expect(() => app.startRecording(() => {})).toThrow(/TF4100.*flight recorder is off/);
    } finally {
      await app.stop();
    }
  });
});

describe('determinism in the other API styles', () => {
  const fixtures = [
    ['seed style', fileURLToPath(new URL('../fixtures/games/record-sources-seed.js', import.meta.url)), 'twinframe'],
    ['the ProtogameJS3D host', fileURLToPath(new URL('../fixtures/protogame-record/main.js', import.meta.url)), 'protogame'],
  ] as const;
  it.each(fixtures)('%s: the same seed draws the same numbers; performance.now and Date.now are the recorded virtual clock', async (_name, path, host) => {
    const runs = [];
    for (let k = 0; k < 2; k++) {
      const chunks: Uint8Array[] = [];
      const run = await runHeadless(path, { frames: 20, fps: 240, seed: 11, host, record: (c) => { chunks.push(c); } });
      runs.push({ run, file: await decodeRecording(concat(chunks)) });
    }
    const lines = runs.map(({ run }) => run.logs.filter((l) => l.startsWith('t ')).map((l) => l.split(' ')));
    expect(lines[0]!.length).toBe(20);
    expect(lines[1]!.map((w) => [w[1], w[3], w[5]]), 'tick, Math.random, crypto the same').toEqual(lines[0]!.map((w) => [w[1], w[3], w[5]]));
    for (let k = 0; k < 2; k++) {
      const { dts } = factsOf(runs[k]!.file.events);
      let virtualMs = 0;
      for (const w of lines[k]!) {
        virtualMs += dts[Number(w[1]) - 1]! * 1000;
        expect([Number(w[7]), Number(w[9])], `tick ${w[1]}: the virtual clock`).toEqual([virtualMs, Math.floor(runs[k]!.file.header.epochMs + virtualMs + 0.001)]);
      }
    }
  }, 60_000);
});
