// Comlink baseline worker: exposes the calls a user would make to drive a game object on another
// thread with Comlink (an RPC per command), over Node's worker_threads adapter.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

let sum = 0;
let count = 0;
Comlink.expose({
  updatePosition(id, x, y, z) {
    sum += id + x + y + z;
    count++;
  },
  /** A round trip with an answer (what a creation with a callback is). */
  createMesh(id) {
    count++;
    return id;
  },
  count() {
    return count;
  },
  checksum() {
    return sum;
  },
}, nodeEndpoint(parentPort));
