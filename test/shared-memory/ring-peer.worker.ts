// Worker entry for cross-thread ring tests: runs one end (see ring-peer.ts) and posts its result.
import { parentPort, workerData } from 'node:worker_threads';
import { consume, produce } from './ring-peer.ts';
import type { PeerOptions } from './ring-peer.ts';

const { role, sab, options } = workerData as { role: 'producer' | 'consumer'; sab: SharedArrayBuffer; options: PeerOptions };
parentPort!.postMessage(role === 'producer' ? produce(sab, options) : consume(sab, options));
