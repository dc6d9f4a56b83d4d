// One end of a cross-thread ring test, runnable on the main thread or in a worker (ring-peer.worker.ts):
// the producer writes `count` sequence-numbered records of pseudo-random lengths, the consumer checks
// every byte of every record. Deadline-bounded: a stalled peer fails the run instead of hanging it.
import { RingWriter } from '../../src/shared-memory/ring-writer.ts';
import { RingReader } from '../../src/shared-memory/ring-reader.ts';
import { SpillingRingWriter } from '../../src/shared-memory/ring-spill.ts';
import { RING_EMPTY } from '../../src/shared-memory/ring-layout.ts';
import { checkPayload, fillPayload, lengthOf, typeOf } from './ring-test-payload.ts';

export interface PeerOptions {
  readonly count: number;
  /** Largest payload in bytes (lengths are lengthOf(seq, maxLen)). */
  readonly maxLen: number;
  /** Producer: publish after this many records (1 = per record). */
  readonly batch: number;
  /** Producer: after every `pauseEvery` records sleep `pauseMs` (so a sleeping consumer really sleeps). */
  readonly pauseEvery?: number;
  readonly pauseMs?: number;
  /** Consumer: use RingReader.take (read + release in one call) instead of tryRead/release. */
  readonly take?: boolean;
  /** Consumer: sleep in waitForData when empty instead of polling. */
  readonly sleep?: boolean;
  /** Consumer: after every `consumerPauseEvery` records sleep `consumerPauseMs` (a slow consumer). */
  readonly consumerPauseEvery?: number;
  readonly consumerPauseMs?: number;
  /** Give up when no progress for this long. */
  readonly stallMs: number;
}

export interface PeerResult {
  readonly role: 'producer' | 'consumer';
  readonly done: number;
  /** First bad record (consumer) or -1. */
  readonly firstBad: number;
  readonly detail: string;
  readonly fullEvents: number;
  /** Consumer: waits that returned 'ok' (woken by the producer's notify). */
  readonly wakeups: number;
  /** Consumer: waitForData calls. */
  readonly sleeps: number;
  readonly ms: number;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

export function produce(sab: SharedArrayBuffer, o: PeerOptions): PeerResult {
  const t0 = performance.now();
  const w = new RingWriter(sab);
  let lastProgress = t0;
  let seq = 0;
  while (seq < o.count) {
    const len = lengthOf(seq, o.maxLen);
    const off = w.tryReserve(typeOf(seq), len);
    if (off < 0) {
      w.waitForSpace(20);
      if (performance.now() - lastProgress > o.stallMs) {
        return { role: 'producer', done: seq, firstBad: -1, detail: `stalled at ${seq}`, fullEvents: w.fullEvents, wakeups: 0, sleeps: 0, ms: performance.now() - t0 };
      }
      continue;
    }
    fillPayload(w.u8, off, len, seq);
    w.commit();
    seq++;
    if (seq % o.batch === 0) {
      w.publish();
      if ((seq & 0x3ff) === 0) lastProgress = performance.now();
    }
    if (o.pauseEvery !== undefined && seq % o.pauseEvery === 0) {
      w.publish();
      Atomics.wait(pause, 0, 0, o.pauseMs ?? 1);
    }
  }
  w.publish();
  return { role: 'producer', done: seq, firstBad: -1, detail: '', fullEvents: w.fullEvents, wakeups: 0, sleeps: 0, ms: performance.now() - t0 };
}

export function consume(sab: SharedArrayBuffer, o: PeerOptions): PeerResult {
  const t0 = performance.now();
  const r = new RingReader(sab);
  let lastProgress = t0;
  let seq = 0;
  let wakeups = 0;
  let sleeps = 0;
  let polls = 0;
  while (seq < o.count) {
    const t = o.take ? r.take() : r.tryRead();
    if (t === RING_EMPTY) {
      if (o.sleep) {
        sleeps++;
        if (r.waitForData(50) === 'ok') wakeups++;
      }
      if ((++polls & 0xfff) === 0 || o.sleep) {
        if (performance.now() - lastProgress > o.stallMs) break;
      }
      continue;
    }
    const len = lengthOf(seq, o.maxLen);
    const bad = t !== (typeOf(seq)) || r.length !== len ? -2 : checkPayload(r.u8, r.offset, r.length, seq);
    if (bad !== -1) {
      return {
        role: 'consumer', done: seq, firstBad: seq,
        detail: `record ${seq}: type ${t}, length ${r.length} (expected ${len}), first bad byte ${bad}`,
        fullEvents: r.fullEvents, wakeups, sleeps, ms: performance.now() - t0,
      };
    }
    if (!o.take) r.release();
    seq++;
    if (o.consumerPauseEvery !== undefined && seq % o.consumerPauseEvery === 0) {
      r.flush();
      Atomics.wait(pause, 0, 0, o.consumerPauseMs ?? 1);
    }
    if ((seq & 0x3ff) === 0) lastProgress = performance.now();
  }
  r.flush();
  return {
    role: 'consumer', done: seq, firstBad: -1, detail: seq < o.count ? `stalled at ${seq}` : '',
    fullEvents: r.fullEvents, wakeups, sleeps, ms: performance.now() - t0,
  };
}

/** What produceSpilling reports besides PeerResult. */
export interface SpillResult extends PeerResult {
  readonly spilledRecords: number;
  readonly spillEpisodes: number;
  readonly spillHighWaterBytes: number;
}

/**
 * A frame-paced producer that never waits for space: each "frame" drains the spill, writes a burst
 * of `batch` records through a SpillingRingWriter (into the ring or the spill, the same code),
 * publishes, and sleeps `pauseMs`. After the last burst it keeps draining until the spill is empty.
 */
export function produceSpilling(sab: SharedArrayBuffer, o: PeerOptions): SpillResult {
  const t0 = performance.now();
  const w = new SpillingRingWriter(sab);
  let seq = 0;
  let lastProgress = t0;
  let detail = '';
  while (seq < o.count || w.waitingRecords > 0) {
    const before = w.waitingRecords;
    w.drain();
    if (w.waitingRecords < before) lastProgress = performance.now();
    for (let k = 0; k < o.batch && seq < o.count; k++) {
      const len = lengthOf(seq, o.maxLen);
      const off = w.reserve(typeOf(seq), len);
      fillPayload(w.u8, off, len, seq);
      w.commit();
      seq++;
      lastProgress = performance.now();
    }
    w.publish();
    if (performance.now() - lastProgress > o.stallMs) {
      detail = `stalled with ${w.waitingRecords} spilled`;
      break;
    }
    Atomics.wait(pause, 0, 0, o.pauseMs ?? 1);
  }
  return {
    role: 'producer', done: seq, firstBad: -1, detail, fullEvents: w.ring.fullEvents, wakeups: 0, sleeps: 0,
    ms: performance.now() - t0, spilledRecords: w.spilledRecords, spillEpisodes: w.spillEpisodes, spillHighWaterBytes: w.spillHighWaterBytes,
  };
}
