// The browser WorkerHost against a stand-in Worker (the real one runs in test/browser): the
// handshake is posted once, errors carry file/line/column, an uncaught error is a crash (as in
// Node), a load failure is always fatal, terminate() reports the exit once, and a worker that ends
// by itself is noticed through its life lock (or, without Web Locks, through STATUS = STOPPED).
import { describe, expect, it } from 'vitest';
import { createBrowserWorkerHost, type BrowserWorkerLike, type HostLocks } from '../../src/platform/browser-worker-host.ts';
import { WORKER_LOCK_PREFIX } from '../../src/platform/browser-worker-endpoint.ts';
import { createControlBlock, LOGIC_STATUS_STOPPED, STATUS_SLOT } from '../../src/protocol/control-block.ts';
import type { HandshakeMessage } from '../../src/protocol/handshake.ts';
import type { WorkerFailure } from '../../src/platform/worker-host.ts';

class FakeWorker extends EventTarget implements BrowserWorkerLike {
  posted: unknown[] = [];
  terminated = 0;
  constructor(readonly url: string | URL, readonly options: { type: 'module'; name: string }) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated++;
  }
}

/** Web Locks stand-in: `hold(name)` is the worker taking its lock, `release(name)` the browser dropping it. */
class FakeLocks implements HostLocks {
  readonly held = new Set<string>();
  private readonly waiting = new Map<string, () => void>();
  query(): Promise<{ held: { name: string }[] }> {
    return Promise.resolve({ held: [...this.held].map((name) => ({ name })) });
  }
  request(name: string, options: { signal?: AbortSignal }, callback: () => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.set(name, () => resolve(callback()));
      options.signal?.addEventListener('abort', () => {
        this.waiting.delete(name);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
  release(name: string): void {
    this.held.delete(name);
    this.waiting.get(name)?.();
    this.waiting.delete(name);
  }
  isWaiting(name: string): boolean {
    return this.waiting.has(name);
  }
}

function handshake(): HandshakeMessage {
  return { incarnation: 3, buffers: { control: createControlBlock(3) } } as unknown as HandshakeMessage;
}

function spawnOne(options: { uncaughtErrors?: 'crash' | 'report'; locks?: HostLocks | null } = {}) {
  let worker!: FakeWorker;
  const errors: WorkerFailure[] = [];
  const exits: number[] = [];
  const hs = handshake();
  const host = createBrowserWorkerHost({
    url: 'http://127.0.0.1/logic.js',
    createWorker: (url, o) => (worker = new FakeWorker(url, o)),
    locks: options.locks ?? null,
    uncaughtErrors: options.uncaughtErrors,
    pollMs: 1,
  });
  const handle = host.spawn(hs, { onError: (f) => errors.push(f), onExit: (c) => exits.push(c) });
  return { worker, errors, exits, handle, hs };
}

const tick = (ms = 10): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('createBrowserWorkerHost', () => {
  it('starts a module worker with a life-lock name and posts the handshake once', () => {
    const { worker, hs } = spawnOne();
    expect(worker.options.type).toBe('module');
    expect(worker.options.name.startsWith(`${WORKER_LOCK_PREFIX}3-`), 'named for its incarnation').toBe(true);
    expect(worker.posted).toEqual([hs]);
  });

  it('reports an uncaught error with file, line and column, then ends the worker as a crash', () => {
    const { worker, errors, exits } = spawnOne();
    const event = new Event('error', { cancelable: true }) as Event & Partial<ErrorEvent>;
    Object.assign(event, { message: 'Uncaught Error: boom', filename: 'http://127.0.0.1/game.ts', lineno: 12, colno: 7 });
    worker.dispatchEvent(event);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'Uncaught Error: boom', file: 'http://127.0.0.1/game.ts', line: 12, column: 7 });
    expect(event.defaultPrevented, 'not logged twice by the browser').toBe(true);
    expect(worker.terminated).toBe(1);
    expect(exits).toEqual([1]);
  });

  it("only reports an uncaught error with uncaughtErrors: 'report', but a load failure is always fatal", () => {
    const { worker, errors, exits } = spawnOne({ uncaughtErrors: 'report' });
    const event = new Event('error') as Event & Partial<ErrorEvent>;
    Object.assign(event, { message: 'Uncaught Error: minor', filename: 'x.js', lineno: 1, colno: 1 });
    worker.dispatchEvent(event);
    expect(exits, 'still running').toEqual([]);
    worker.dispatchEvent(new Event('error')); // a script that could not load: no details
    expect(errors[1]!.message).toContain('could not be loaded');
    expect(errors[1]!.file).toBe('http://127.0.0.1/logic.js');
    expect(exits).toEqual([1]);
  });

  it('terminate() ends the worker and reports the exit exactly once', async () => {
    const { worker, exits, handle } = spawnOne();
    await handle.terminate();
    await handle.terminate();
    expect(worker.terminated).toBe(1);
    expect(exits).toEqual([1]);
  });

  it('notices a worker that closed itself through its life lock (exit code 0)', async () => {
    const locks = new FakeLocks();
    const { worker, exits } = spawnOne({ locks });
    const name = worker.options.name;
    await tick();
    expect(locks.isWaiting(name), 'the host does not queue before the worker holds the lock').toBe(false);
    locks.held.add(name); // the worker's endpoint took it
    await tick();
    expect(locks.isWaiting(name), 'then it waits on the lock').toBe(true);
    locks.release(name); // self.close(): the browser releases the worker's locks
    expect(exits).toEqual([0]);
    expect(worker.terminated).toBe(1);
  });

  it('withdraws its lock request once it terminated the worker itself', async () => {
    const locks = new FakeLocks();
    const { worker, exits, handle } = spawnOne({ locks });
    locks.held.add(worker.options.name);
    await tick();
    await handle.terminate();
    expect(locks.isWaiting(worker.options.name)).toBe(false);
    expect(exits).toEqual([1]);
  });

  it('without Web Locks, sees a graceful stop through STATUS = STOPPED', async () => {
    const { exits, hs } = spawnOne({ locks: null });
    await tick(20);
    expect(exits).toEqual([]);
    Atomics.store(new Int32Array(hs.buffers.control), STATUS_SLOT, LOGIC_STATUS_STOPPED);
    await tick(40);
    expect(exits).toEqual([0]);
  });

  it('hot reload: post() reaches the worker after the handshake, a message from it reaches onMessage, nothing after the exit', async () => {
    let worker!: FakeWorker;
    const messages: unknown[] = [];
    const hs = handshake();
    const host = createBrowserWorkerHost({ url: 'http://127.0.0.1/logic.js', createWorker: (url, o) => (worker = new FakeWorker(url, o)), locks: null, pollMs: 1 });
    const handle = host.spawn(hs, { onError: () => undefined, onExit: () => undefined, onMessage: (m) => messages.push(m) });
    handle.post?.({ type: 'activate' });
    expect(worker.posted, 'the handshake, then the activation').toEqual([hs, { type: 'activate' }]);
    worker.dispatchEvent(new MessageEvent('message', { data: { type: 'handover' } }));
    expect(messages).toEqual([{ type: 'handover' }]);
    await handle.terminate();
    handle.post?.('late');
    worker.dispatchEvent(new MessageEvent('message', { data: 'late' }));
    expect(worker.posted.length, 'nothing posted to an ended worker').toBe(2);
    expect(messages.length, 'nothing heard from an ended worker').toBe(1);
    await host.dispose?.();
  });
});
