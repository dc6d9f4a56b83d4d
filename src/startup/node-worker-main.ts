/**
 * The logic worker's ES module entry in Node (`worker_threads`): starts the runtime
 * (node-worker-start.ts) with native dynamic import for the game module. What runs when the worker
 * is started on the sources (tests through tsx); createNodeApp runs the same runtime as a script
 * with V8's code cache instead (bundleLogicRuntime). The game module arrives by URL.
 */
import { startNodeWorker } from './node-worker-start.ts';

startNodeWorker((url) => import(url));
