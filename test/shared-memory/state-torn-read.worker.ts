// Worker entry of the StateBuffer torn-read test: the logic end (see state-torn-read-peer.ts). It
// refreshes and checks snapshots until the engine sets STOP, then posts its counts once.
import { parentPort, workerData } from 'node:worker_threads';
import { runReader } from './state-torn-read-peer.ts';

const { sab, ctrl } = workerData as { sab: SharedArrayBuffer; ctrl: SharedArrayBuffer };
parentPort!.postMessage(runReader(sab, new Int32Array(ctrl)));
