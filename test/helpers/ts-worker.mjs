// Bootstrap for test workers written in TypeScript: Node cannot load .ts as a worker entry, so this
// plain-JS entry registers tsx in the worker and then imports `workerData.entry` (a file: URL).
import { register } from 'tsx/esm/api';
register();
const { workerData } = await import('node:worker_threads');
await import(workerData.entry);
