/**
 * Sleep and wake for the ring's two ends: a sleeper flag plus Atomics.wait/notify on an index slot.
 * Layout (ring-layout.ts): the reader sleeps on WRITE_INDEX_SLOT with CONSUMER_SLEEPING_SLOT as its
 * flag; the writer sleeps on READ_INDEX_SLOT with PRODUCER_SLEEPING_SLOT.
 *
 * ```
 *  sleeper                                   waker (publish)
 *  1. store flag := 1                        a. store index := new value
 *  2. load index; if changed: skip sleep     b. load flag; if 1: notify on the index
 *  3. wait while index == seen (timeout)
 *  4. store flag := 0
 * ```
 * JS atomics are sequentially consistent, so (1,2) against (a,b) is Dekker's pattern: either the
 * sleeper sees the new index at 2 and does not sleep, or the waker sees the flag at b and notifies;
 * and Atomics.wait itself re-checks the value atomically, so a store between 2 and 3 makes it
 * return 'not-equal'. A waker therefore pays one extra load per publish and a notify only when
 * someone sleeps.
 */

/** Result of a wait: woken by the other side, timed out, or no need to sleep (the index had changed). */
export type RingWaitResult = 'ok' | 'not-equal' | 'timed-out';

/**
 * Blocks until `control[indexSlot]` differs from `seen` (or `timeoutMs` passes), announcing the sleep
 * in `control[flagSlot]`. Worker threads and Node's main thread only (browsers forbid Atomics.wait on
 * their main thread). Allocates nothing.
 */
export function sleepWhileUnchanged(control: Int32Array, flagSlot: number, indexSlot: number, seen: number, timeoutMs: number): RingWaitResult {
  // ORDERING: step 1, announce the sleep before re-loading the index.
  Atomics.store(control, flagSlot, 1);
  // ORDERING: step 2, observes a publish that raced with the announcement.
  const now = Atomics.load(control, indexSlot);
  let result: RingWaitResult = 'not-equal';
  // ORDERING: step 3, sleeps until the other side stores a new index and notifies.
  if (now === seen) result = Atomics.wait(control, indexSlot, seen, timeoutMs);
  // ORDERING: step 4, no longer asleep; the other side may skip its notify.
  Atomics.store(control, flagSlot, 0);
  return result;
}

/**
 * Like sleepWhileUnchanged but never blocks (for a browser main thread): resolves when the index
 * changes or after `timeoutMs`. Allocates a promise and a closure per call (idle path only). In
 * Node 20 a pending Atomics.waitAsync does not keep the thread alive on its own.
 */
export function waitWhileUnchanged(control: Int32Array, flagSlot: number, indexSlot: number, seen: number, timeoutMs: number): Promise<RingWaitResult> {
  // ORDERING: step 1, announce the sleep before re-loading the index.
  Atomics.store(control, flagSlot, 1);
  const settle = (v: RingWaitResult): RingWaitResult => {
    // ORDERING: step 4, no longer asleep.
    Atomics.store(control, flagSlot, 0);
    return v;
  };
  // ORDERING: step 2, observes a publish that raced with the announcement.
  if (Atomics.load(control, indexSlot) !== seen) return Promise.resolve(settle('not-equal'));
  // ORDERING: step 3, resolves when the other side stores a new index and notifies.
  const res = Atomics.waitAsync(control, indexSlot, seen, timeoutMs);
  return res.async ? res.value.then(settle) : Promise.resolve(settle(res.value));
}

/** The waker's half: after storing a new index, notify a sleeper if one announced itself. */
export function wakeSleeper(control: Int32Array, flagSlot: number, indexSlot: number): void {
  // ORDERING: step b, loaded after the caller's index store (step a), so a sleeper past step 1 is seen.
  if (Atomics.load(control, flagSlot) !== 0) {
    // ORDERING: wakes the thread blocked on indexSlot; it re-reads the index after waking.
    Atomics.notify(control, indexSlot);
  }
}
