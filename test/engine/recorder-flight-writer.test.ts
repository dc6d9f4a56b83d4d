/**
 * The flight recorder writes its file off the engine frame (src/engine/recorder-flight-writer.ts):
 * at the error the log is only frozen (pinned, no copy), the encoding runs in slices from later
 * event-loop tasks, and the file holds the log exactly as it was at the error, whatever the
 * recorder does meanwhile (new frames, a restart clearing the log, trims). A second error queues a
 * second file behind the first; a failing sink or encoder settles with TF4161.
 */
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/engine/recorder.ts';
import type { RecorderConfig } from '../../src/engine/recorder-config.ts';
import type { EngineDiagnostic } from '../../src/engine/diagnostic-hub.ts';
import { FLIGHT_SLICE_BYTES } from '../../src/engine/recorder-flight-writer.ts';
import { CommandWriter, createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CommandReader, type CommandSink } from '../../src/protocol/command-reader.ts';
import { INPUT_STATE_SLOTS, MOUSE_X_SLOT } from '../../src/protocol/input-state.ts';
import { decodeRecording } from '../../src/protocol/recording-decoder.ts';
import { RECORDING_FORMAT_VERSION, type RecordingEvent } from '../../src/protocol/recording.ts';

const sink = { entities: { moveBy: () => true }, cameras: {}, origin: 0, applied: 0, rejected: 0, frameEnd() {}, onMalformed() {} } as unknown as CommandSink;
const header = {
  formatVersion: RECORDING_FORMAT_VERSION, twinframeVersion: 't', bundleHash: '', host: 'twinframe' as const, pacing: 'lockstep' as const, logicHz: 0,
  seed: 1, epochMs: 0, gameOptions: {}, entityCapacity: 4, cameraCapacity: 4, gamePath: '',
};

interface Harness {
  readonly rec: Recorder;
  readonly files: Uint8Array[];
  readonly reports: { code: string; message: string }[];
  /** Runs `n` more frames of a stand-in logic (200 moves, its facts, the mouse moving) into the recorder's log. */
  frames(n: number): void;
  /** Event-loop tasks the recorder asked for (its slices). */
  tasks: number;
}

function harness(overrides: Partial<RecorderConfig> = {}): Harness {
  let now = 0;
  const files: Uint8Array[] = [];
  const reports: { code: string; message: string }[] = [];
  const h: Harness = {
    files, reports, tasks: 0,
    rec: new Recorder({
      header, now: () => now, flightSeconds: 30,
      writeFlight: (bytes) => { files.push(bytes); return Promise.resolve(`memory/${files.length}`); },
      yieldThen: (fn) => { h.tasks++; setImmediate(fn); },
      report: (code, _severity, message) => { reports.push({ code, message }); },
      codes: { written: 'TF4160', failed: 'TF4161', stopped: 'TF4162' },
      ...overrides,
    }),
    frames: (n) => {
      for (let k = 0; k < n; k++) {
        f++;
        for (let i = 0; i < 200; i++) w.moveBy(i + 1, f, 0, 0);
        w.tickFacts(1 / 60, f, f, f, 0, incarnation);
        input[MOUSE_X_SLOT] = f;
        w.inputFacts(input);
        w.frameEnd(f);
        w.flush();
        r.drain(sink, 100_000);
        now += 16;
        h.rec.afterApply(f);
      }
    },
  };
  const sab = createCommandQueueBuffer(1 << 20);
  const w = new CommandWriter(sab);
  const r = new CommandReader(sab);
  const input = new Int32Array(INPUT_STATE_SLOTS);
  let f = 0;
  const incarnation = 1;
  h.rec.start(r, 'file:///bundles/game-a.cjs');
  return h;
}

function error(code: string, tick: number): EngineDiagnostic {
  return { code, severity: 'error', message: `boom ${code}`, file: '', line: 0, column: 0, stack: '', phase: 'update', tick, source: 'logic', engineFrame: tick, incarnation: 1 };
}

/** The frame events of `events` as comparable values (their records as plain arrays). */
function framesOf(events: readonly RecordingEvent[]): unknown[] {
  return events.filter((e) => e.kind === 'frame').map((e) => ({ ...e, records: Array.from(e.records) }));
}

/**
 * Waits (up to 60 s: compression runs on Node's thread pool, slow on a loaded machine) until the
 * recorder settled `files` flight writes; the writes run on their own from event-loop tasks
 * (stop() would finish them synchronously, which these tests must not do).
 */
const settle = async (rec: Recorder, files = 1): Promise<void> => {
  const until = Date.now() + 60_000;
  while (rec.flightFiles + rec.failures < files && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
};

describe('the flight writer', () => {
  it('freezes the log at the error and encodes it between frames, in slices: the file is the log as it was, though the log changed meanwhile', { timeout: 90_000 }, async () => {
    const h = harness();
    h.frames(60); // 60 frames of 200 moves: ~300 KB of log, several slices
    const atError = h.rec.events();
    expect(h.rec.log.bytes).toBeGreaterThan(3 * FLIGHT_SLICE_BYTES);
    h.rec.onDiagnostic(error('TF5001', 60));
    // A restart takes the pending write at once, then clears the log for the new incarnation.
    h.rec.incarnationStarted(61, 2, 'restart', null);
    expect(h.files.length, 'nothing was encoded or delivered inside the frame').toBe(0);
    expect(h.rec.flightWriter.queued, 'the file waits for its slices').toBe(1);
    expect(h.rec.flightWriter.slices, 'no slice ran inside the frame').toBe(0);
    h.frames(30); // the new incarnation writes into a fresh arena: the frozen one is left alone
    await settle(h.rec);
    expect(h.rec.flightWriter.slices, `encoded in several slices of ${FLIGHT_SLICE_BYTES} bytes`).toBeGreaterThanOrEqual(3);
    expect(h.files.length).toBe(1);
    const file = await decodeRecording(h.files[0]!);
    expect(file.header.kind).toBe('flight');
    expect(framesOf(file.events), 'every frame exactly as the log held it at the error').toEqual(framesOf(atError));
    expect(file.events.find((e) => e.kind === 'diagnostic' && e.code === 'TF5001')).toBeDefined();
    expect(h.reports.find((r) => r.code === 'TF4160')?.message, 'TF4160 names where it went').toContain('memory/1');
  });

  it('keeps a pinned log from being trimmed until the file released it', () => {
    const h = harness();
    h.frames(20);
    const before = h.rec.log.bytes;
    const snapshot = h.rec.log.pin();
    h.rec.log.trim(1e9);
    expect(h.rec.log.bytes, 'trim waits while pinned').toBe(before);
    h.rec.log.release(snapshot.i32);
    h.rec.log.trim(1e9);
    expect(h.rec.log.bytes, 'and trims once released').toBeLessThan(before);
  });

  it('queues a second error\'s file behind the first: both are written, in order, each the log as it was at its error', { timeout: 90_000 }, async () => {
    const h = harness();
    h.frames(40);
    const first = h.rec.events();
    h.rec.onDiagnostic(error('TF5001', 40));
    h.rec.incarnationStarted(41, 2, 'restart', null); // write 1 is due (queued), the log restarts
    h.frames(10);
    const second = h.rec.events();
    h.rec.onDiagnostic(error('TF5002', 50));
    h.rec.incarnationStarted(51, 3, 'restart', null); // write 2 is due while write 1 still encodes
    expect(h.rec.flightWriter.queued).toBe(2);
    await settle(h.rec, 2);
    expect(h.files.length).toBe(2);
    expect(framesOf((await decodeRecording(h.files[0]!)).events)).toEqual(framesOf(first));
    expect(framesOf((await decodeRecording(h.files[1]!)).events)).toEqual(framesOf(second));
  });

  it('stop() finishes a write still being encoded (no frame is left to yield between)', async () => {
    const h = harness({ yieldThen: () => { /* never runs: only stop() can finish the file */ } });
    h.frames(40);
    h.rec.onDiagnostic(error('TF5001', 40));
    h.rec.incarnationStarted(41, 2, 'restart', null);
    await h.rec.stop();
    expect(h.files.length).toBe(1);
    expect((await decodeRecording(h.files[0]!)).events.length).toBeGreaterThan(40);
  });

  it('records the bundle each incarnation runs (a watched run), again after a restart cleared the flight log, and the file holds it', async () => {
    const code = (name: string): { hash: string; name: string; bytes: Uint8Array } => ({ hash: (name === 'game-a.cjs' ? 'a' : 'b').repeat(64), name, bytes: new TextEncoder().encode(`// ${name}`) });
    const h = harness({ bundleOf: (url) => (url.startsWith('file:///bundles/') ? code(url.slice('file:///bundles/'.length)) : undefined) });
    const bundles = (): string[] => h.rec.events().flatMap((e) => (e.kind === 'bundle' ? [`${e.incarnation}:${e.name}`] : []));
    expect(bundles()).toEqual(['1:game-a.cjs']);
    h.frames(5);
    h.rec.incarnationStarted(6, 2, 'restart', null, 'file:///bundles/game-a.cjs');
    expect(bundles(), 'the flight log starts over with the running incarnation: its code again').toEqual(['2:game-a.cjs']);
    h.rec.incarnationStarted(7, 3, 'reload', null, 'file:///bundles/game-b.cjs');
    expect(bundles()).toEqual(['3:game-b.cjs']);
    h.rec.incarnationStarted(8, 4, 'reload', null, 'file:///elsewhere/unknown.cjs');
    expect(bundles(), 'a URL without a bundle records none').toEqual([]);
    h.rec.incarnationStarted(9, 5, 'reload', null, 'file:///bundles/game-b.cjs');
    h.frames(3);
    h.rec.onDiagnostic(error('TF5001', 3));
    await h.rec.stop();
    const file = await decodeRecording(h.files[0]!);
    const b = file.events.find((e) => e.kind === 'bundle');
    expect(b).toMatchObject({ kind: 'bundle', incarnation: 5, name: 'game-b.cjs', hash: 'b'.repeat(64) });
  });

  it('a failing sink settles with TF4161, and so does a file its encoder refuses; the log is released either way', { timeout: 90_000 }, async () => {
    const failing = harness({ writeFlight: () => Promise.reject(new Error('disk full')) });
    failing.frames(10);
    failing.rec.onDiagnostic(error('TF5001', 10));
    failing.rec.incarnationStarted(11, 2, 'restart', null);
    await settle(failing.rec);
    expect(failing.reports.map((r) => r.code)).toContain('TF4161');
    expect(failing.reports.find((r) => r.code === 'TF4161')!.message).toMatch(/^Recorder: the flight recording could not be written; got disk full\./);

    const refused = harness({ header: { ...header, formatVersion: 99 } });
    refused.frames(10);
    const snapshotArena = refused.rec.log.i32;
    refused.rec.onDiagnostic(error('TF5001', 10));
    refused.rec.incarnationStarted(11, 2, 'restart', null);
    await settle(refused.rec);
    expect(refused.reports.find((r) => r.code === 'TF4161')?.message).toContain('TF2025');
    expect(refused.rec.log.i32, 'the restart gave the log a fresh arena (the old one was pinned)').not.toBe(snapshotArena);
    expect(refused.rec.log.pinned).toBe(false);
  });
});
