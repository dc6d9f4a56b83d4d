import { describe, expect, it } from 'vitest';
import { createBrowserWorkerEndpoint } from '../../src/platform/browser-worker-endpoint.ts';
import type { BrowserWorkerScope } from '../../src/platform/browser-worker-endpoint.ts';

/** A stand-in for a dedicated worker's global scope: an EventTarget that records close(). */
function scope(): BrowserWorkerScope & EventTarget & { closed: number } {
  const target = new EventTarget() as BrowserWorkerScope & EventTarget & { closed: number };
  target.closed = 0;
  target.close = () => {
    target.closed++;
  };
  return target;
}

describe('createBrowserWorkerEndpoint', () => {
  it('delivers only the first message (the handshake) to onceMessage', () => {
    const s = scope();
    const seen: unknown[] = [];
    createBrowserWorkerEndpoint(s).onceMessage((m) => seen.push(m));
    s.dispatchEvent(new MessageEvent('message', { data: { type: 'handshake' } }));
    s.dispatchEvent(new MessageEvent('message', { data: 'late' }));
    expect(seen, 'exactly the first message').toEqual([{ type: 'handshake' }]);
  });

  it('closes the worker on close(); keepAlive needs nothing in a browser', () => {
    const s = scope();
    const endpoint = createBrowserWorkerEndpoint(s);
    endpoint.keepAlive();
    expect(s.closed, 'keepAlive does not close').toBe(0);
    endpoint.close();
    expect(s.closed, 'close() closes the worker').toBe(1);
  });

  it('holds a life lock named after the worker and delivers the handshake only once it is held', async () => {
    const s = scope() as ReturnType<typeof scope> & { name: string; navigator: { locks: { request(name: string, cb: () => Promise<void>): Promise<unknown> } } };
    let grant: (() => void) | undefined;
    const requested: string[] = [];
    s.name = 'twinframe-logic-1-abc';
    s.navigator = { locks: { request: (name, cb) => { requested.push(name); return new Promise((r) => { grant = () => { void cb(); r(undefined); }; }); } } };
    const seen: unknown[] = [];
    createBrowserWorkerEndpoint(s).onceMessage((m) => seen.push(m));
    expect(requested, 'the lock is requested at once, under the worker name').toEqual(['twinframe-logic-1-abc']);
    s.dispatchEvent(new MessageEvent('message', { data: 'handshake' }));
    await Promise.resolve();
    expect(seen, 'not before the lock is held').toEqual([]);
    grant!();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['handshake']);
  });

  it('hot reload: nextMessage gets the message after the handshake, even one that arrived before it was asked for; post() reaches the engine', () => {
    const s = scope() as ReturnType<typeof scope> & { postMessage(m: unknown): void };
    const posted: unknown[] = [];
    s.postMessage = (m) => posted.push(m);
    const endpoint = createBrowserWorkerEndpoint(s);
    const seen: unknown[] = [];
    endpoint.onceMessage((m) => seen.push(['first', m]));
    s.dispatchEvent(new MessageEvent('message', { data: 'handshake' }));
    s.dispatchEvent(new MessageEvent('message', { data: 'activate' }));
    endpoint.nextMessage!((m) => seen.push(['next', m]));
    expect(seen, 'in order, the early one kept').toEqual([['first', 'handshake'], ['next', 'activate']]);
    endpoint.post!({ type: 'handover' });
    expect(posted).toEqual([{ type: 'handover' }]);
  });
});
