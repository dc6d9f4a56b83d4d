// Worker side of the ring benchmarks. Each role attaches to the buffers it was given, signals ready
// through the control block, waits for "go" (so worker startup is never timed), then runs flat out.
//   control Int32 slots: 0 ready (worker -> main), 1 go (main -> worker), 2 stop (main -> worker)
import { parentPort, workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { CommandWriter } from '../../src/protocol/command-writer.ts';
import { CallbackReader } from '../../src/protocol/callback-queue.ts';

export interface BenchWorkerData {
  readonly role: 'ring' | 'postmessage-per-message' | 'postmessage-per-frame' | 'ringbufjs' | 'callback-echo' | 'atomics-floor';
  readonly control: SharedArrayBuffer;
  readonly count: number;
  /** ring: publish after this many commands (1 = per record). */
  readonly batch?: number;
  readonly commands?: SharedArrayBuffer;
  readonly callbacks?: SharedArrayBuffer;
  readonly ringbuf?: SharedArrayBuffer;
  /** atomics-floor: the minimal ring (cross-thread.bench.ts, floorRate). */
  readonly floor?: SharedArrayBuffer;
}

const d = workerData as BenchWorkerData & { entry: string };
const ctl = new Int32Array(d.control);
Atomics.store(ctl, 0, 1);
Atomics.notify(ctl, 0);
while (Atomics.load(ctl, 1) === 0) Atomics.wait(ctl, 1, 0, 50);

if (d.role === 'ring') {
  // 32-byte commands: updateColor is an 8-byte header + 20-byte payload padded to 24
  const w = new CommandWriter(d.commands!);
  const batch = d.batch ?? 1;
  for (let i = 0; i < d.count; ) {
    if (!w.updateColor(i, 1, 2, 3, 4)) {
      w.flush();
      continue;
    }
    i++;
    if (i % batch === 0) w.flush();
  }
  w.flush();
} else if (d.role === 'postmessage-per-message') {
  for (let i = 0; i < d.count; i++) parentPort!.postMessage({ op: 'updateColor', id: i, r: 1, g: 2, b: 3, a: 4 });
} else if (d.role === 'postmessage-per-frame') {
  for (let i = 0; i < d.count; ) {
    const frame: { op: string; id: number; r: number; g: number; b: number; a: number }[] = [];
    for (let k = 0; k < 1000 && i < d.count; k++, i++) frame.push({ op: 'updateColor', id: i, r: 1, g: 2, b: 3, a: 4 });
    parentPort!.postMessage(frame);
  }
} else if (d.role === 'ringbufjs') {
  const rb = new RingBuffer(d.ringbuf!, Uint8Array);
  const rec = new Uint8Array(32);
  const view = new Int32Array(rec.buffer);
  for (let i = 0; i < d.count; ) {
    if (rb.available_write() < 32) continue;
    view[0] = i;
    rb.push(rec, 32);
    i++;
  }
} else if (d.role === 'atomics-floor') {
  // The floor of any JS ring: 32-byte records (8 words, never split), the write index published
  // with one Atomics.store per `batch` records, the read index observed only when the cached one
  // shows no room. No framing checks, no codec, no counters.
  const ctl = new Int32Array(d.floor!, 0, 32);
  const words = new Int32Array(d.floor!, 128);
  const f = new Float32Array(d.floor!, 128);
  const capWords = words.length;
  const mask = capWords - 1;
  const batch = d.batch ?? 1;
  let w = 0;
  let cachedRead = 0;
  for (let i = 0; i < d.count; ) {
    if (w - cachedRead + 8 > capWords) {
      // ORDERING: observes the space the consumer released.
      cachedRead = Atomics.load(ctl, 16);
      if (w - cachedRead + 8 > capWords) {
        // ORDERING: publishes the records written so far, so the consumer can free space.
        Atomics.store(ctl, 0, w);
        continue;
      }
    }
    const p = w & mask;
    words[p] = 20; words[p + 1] = 5; words[p + 2] = i;
    f[p + 3] = 1; f[p + 4] = 2; f[p + 5] = 3; f[p + 6] = 4;
    w += 8;
    i++;
    // ORDERING: publishes the records written above (plain stores) to the consumer.
    if (i % batch === 0) Atomics.store(ctl, 0, w);
  }
  // ORDERING: publishes the last records.
  Atomics.store(ctl, 0, w);
} else if (d.role === 'callback-echo') {
  // the logic side of the round trip: each callback is answered with a command, both sides polling
  const cbr = new CallbackReader(d.callbacks!);
  const cmd = new CommandWriter(d.commands!);
  const proc = {
    onCallback(callbackId: number, resultId: number): void {
      cmd.setActiveCamera(resultId, callbackId);
      cmd.flush();
    },
  };
  while (Atomics.load(ctl, 2) === 0) cbr.dequeueAll(proc);
}
parentPort!.postMessage('done');
