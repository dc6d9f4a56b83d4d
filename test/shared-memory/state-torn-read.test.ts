// Torn-read stress test of the StateBuffer on two real threads (worker_threads): the engine (this
// thread) publishes continuously records whose every field derives from one counter, with random
// subsets dirty each frame, records destroyed and re-created, now and then most records dirty (the
// full-copy path) and a failed publish; the logic side (a worker) refreshes in a loop and checks
// every slot of every snapshot it takes (state-torn-read-peer.ts). Zero inconsistent records, zero
// stamp errors. ~2 s per case in `npm test`, longer on a loaded machine: the engine runs at least
// that long and then on until the reader has checked MIN_SNAPSHOTS snapshots (at most MAX_MS), so
// a reader starved of CPU still checks many; TWINFRAME_STRESS=1 runs 12 s per case;
// TWINFRAME_TORN_MS overrides the duration.
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createEntityStateBuffer } from '../../src/protocol/entity-state.ts';
import { CTRL_STATE, CTRL_WORDS, runEngine, STATE_READY, STATE_STOP } from './state-torn-read-peer.ts';
import type { EngineOptions, EngineResult, ReaderResult } from './state-torn-read-peer.ts';

const STRESS = process.env.TWINFRAME_STRESS === '1';
const MS = Number(process.env.TWINFRAME_TORN_MS ?? (STRESS ? 12_000 : 2_000));
/** Snapshots the reader must check; the engine runs on past MS (up to MAX_MS) until it has. */
const MIN_SNAPSHOTS = 300;
const MAX_MS = MS + 25_000;
const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));
const live = new Set<Worker>();

afterEach(async () => {
  for (const w of live) await w.terminate();
  live.clear();
});

function startReader(sab: SharedArrayBuffer, ctrl: SharedArrayBuffer): Promise<ReaderResult> {
  const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./state-torn-read.worker.ts', import.meta.url).href, sab, ctrl },
  });
  live.add(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', (m: ReaderResult) => {
      live.delete(worker);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`state reader worker exited with code ${code} before reporting`)));
  });
}

async function waitReady(ctrl: Int32Array, failed: Promise<unknown>): Promise<void> {
  const deadline = performance.now() + 30_000;
  let error: unknown;
  failed.catch((e: unknown) => (error = e));
  // ORDERING: observe — the worker's ready flag; no data rides on it.
  while (Atomics.load(ctrl, CTRL_STATE) !== STATE_READY) {
    if (error !== undefined) throw error;
    if (performance.now() > deadline) throw new Error('state reader worker did not start within 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `copyable`: the buffer is a shared WebAssembly memory's, as the engine allocates it (full copies by memory.copy, shared-copy.ts). */
async function run(o: Omit<EngineOptions, 'ctrl' | 'minSnapshots' | 'maxMs'>, copyable: boolean): Promise<{ e: EngineResult; r: ReaderResult; info: string }> {
  const sab = createEntityStateBuffer(o.capacity, copyable);
  const ctrlSab = new SharedArrayBuffer(CTRL_WORDS * 4);
  const ctrl = new Int32Array(ctrlSab);
  const reader = startReader(sab, ctrlSab);
  await waitReady(ctrl, reader);
  const e = runEngine(sab, { ...o, ctrl, minSnapshots: MIN_SNAPSHOTS, maxMs: MAX_MS });
  // ORDERING: observe — tells the reader to finish; the data it reads is handed over by the StateBuffer itself.
  Atomics.store(ctrl, CTRL_STATE, STATE_STOP);
  const r = await reader;
  const info = `seed ${o.seed}, capacity ${o.capacity}, ${o.ms} ms; engine: ${e.frames} frames (${e.catchUps} catch-up, ${e.fullCopies} full, ${e.failed} failed), ` +
    `${e.recordsWritten} record writes, ${e.creates} creates, ${e.destroys} destroys; reader: ${r.snapshots} snapshots, ${r.records} records, ` +
    `${r.freeSlots} free slots checked, last frame ${r.lastFrame}; problems: ${r.problems.join(' | ') || 'none'}`;
  return { e, r, info };
}

function expectClean(e: EngineResult, r: ReaderResult, info: string): void {
  expect(r.inconsistent, `no torn or mixed record; ${info}`).toBe(0);
  expect(r.dirtyFree, `every free slot is all zero; ${info}`).toBe(0);
  expect(r.stampErrors, `every stamp matches its snapshot; ${info}`).toBe(0);
  expect(e.unexpectedStatus, `every publish succeeded but the injected faults; ${info}`).toBe(0);
  expect(r.lastFrame, `the reader saw the last publish; ${info}`).toBe(e.frames);
  // the engine ran on until the reader had checked MIN_SNAPSHOTS, unless MAX_MS passed first
  expect(r.snapshots, `many snapshots were checked; ${info}`).toBeGreaterThanOrEqual(MIN_SNAPSHOTS);
  expect(r.records, `many records were checked; ${info}`).toBeGreaterThan(r.snapshots * 100);
  expect(e.catchUps, `the catch-up path ran; ${info}`).toBeGreaterThan(100);
  expect(e.fullCopies, `the full-copy path ran; ${info}`).toBeGreaterThan(5);
}

describe('StateBuffer across threads', () => {
  it(`torn-read stress: 2,000 of 4,096 records in the engine's copyable buffer, every field of every record of every snapshot checked (${MS} ms)`, async () => {
    const { e, r, info } = await run({ capacity: 4096, initial: 2000, ms: MS, seed: SEED }, true);
    expectClean(e, r, info);
  }, MAX_MS + 40_000);

  it(`torn-read stress: 300 records, the reader taking most publishes (${MS} ms)`, async () => {
    const { e, r, info } = await run({ capacity: 400, initial: 300, ms: MS, seed: SEED ^ 0x2545f491 }, false);
    expectClean(e, r, info);
  }, MAX_MS + 40_000);
});
