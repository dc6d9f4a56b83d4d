// Real two-thread tests (worker_threads): sequence-numbered records of random lengths cross the ring
// and every byte of every record is checked (a torn, shifted, lost or duplicated record fails).
// TWINFRAME_STRESS=1 runs the 10 million records per test (~2 s each on an idle 2-core
// machine, 5-11 s inside a loaded `npm test`); by default 1 million keep `npm test` fast.
// TWINFRAME_RING_RECORDS overrides the count.
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createRingBuffer } from '../../src/shared-memory/ring-layout.ts';
import { consume, produce } from './ring-peer.ts';
import type { PeerOptions, PeerResult } from './ring-peer.ts';

const STRESS = process.env.TWINFRAME_STRESS === '1';
const RECORDS = Number(process.env.TWINFRAME_RING_RECORDS ?? (STRESS ? 10_000_000 : 1_000_000));
const live = new Set<Worker>();

afterEach(async () => {
  for (const w of live) await w.terminate();
  live.clear();
});

function startPeer(role: 'producer' | 'consumer', sab: SharedArrayBuffer, options: PeerOptions): Promise<PeerResult> {
  const worker = new Worker(new URL('../helpers/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./ring-peer.worker.ts', import.meta.url).href, role, sab, options },
  });
  live.add(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', (m: PeerResult) => {
      live.delete(worker);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`ring peer worker (${role}) exited with code ${code} before reporting`)));
  });
}

function describeRun(p: PeerResult, c: PeerResult): string {
  return `producer: ${p.done} records in ${p.ms.toFixed(0)} ms (${p.detail || 'ok'}), full events ${p.fullEvents}; ` +
    `consumer: ${c.done} in ${c.ms.toFixed(0)} ms (${c.detail || 'ok'}), sleeps ${c.sleeps}, wakeups ${c.wakeups}`;
}

describe('ring across threads', () => {
  it(`worker producer -> main-thread consumer (take): ${RECORDS} records, every byte checked`, async () => {
    const sab = createRingBuffer(1 << 16);
    const options: PeerOptions = { count: RECORDS, maxLen: 120, batch: 17, take: true, stallMs: 20_000 };
    const producer = startPeer('producer', sab, options);
    const c = consume(sab, options);
    const p = await producer;
    const info = describeRun(p, c);
    expect(c.firstBad, `no record corrupted, lost or duplicated; ${info}`).toBe(-1);
    expect(c.done, `consumer saw every record; ${info}`).toBe(RECORDS);
    expect(p.done, `producer wrote every record; ${info}`).toBe(RECORDS);
  });

  it(`main-thread producer -> worker consumer: ${RECORDS} records, publish per record`, async () => {
    const sab = createRingBuffer(1 << 12);
    const options: PeerOptions = { count: RECORDS, maxLen: 64, batch: 1, stallMs: 20_000 };
    const consumer = startPeer('consumer', sab, options);
    const p = produce(sab, options);
    const c = await consumer;
    const info = describeRun(p, c);
    expect(c.firstBad, `no record corrupted, lost or duplicated; ${info}`).toBe(-1);
    expect(c.done, `consumer saw every record; ${info}`).toBe(RECORDS);
    expect(p.fullEvents, `a 4 KiB ring fills up, so backpressure was exercised; ${info}`).toBeGreaterThan(0);
  });

  it(`sleeping consumer woken by the producer: ${RECORDS} records in bursts`, async () => {
    const sab = createRingBuffer(1 << 14);
    // 500 bursts, each followed by a 1 ms pause: the consumer drains, sleeps, and must be woken
    const options: PeerOptions = { count: RECORDS, maxLen: 96, batch: 50, pauseEvery: Math.max(1, Math.floor(RECORDS / 500)), pauseMs: 1, sleep: true, stallMs: 20_000 };
    const consumer = startPeer('consumer', sab, options);
    const p = produce(sab, options);
    const c = await consumer;
    const info = describeRun(p, c);
    expect(c.firstBad, `no record corrupted, lost or duplicated; ${info}`).toBe(-1);
    expect(c.done, `consumer saw every record; ${info}`).toBe(RECORDS);
    expect(c.wakeups, `the consumer slept and was woken by notify at least once; ${info}`).toBeGreaterThan(0);
  });
});
