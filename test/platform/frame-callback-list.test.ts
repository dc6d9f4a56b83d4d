/**
 * FrameCallbackList (the pending callbacks of the timer and requestAnimationFrame clocks): order,
 * cancel, callbacks added while a frame runs wait for the next one, and a steady frame loop
 * allocates nothing.
 */
import { describe, expect, it } from 'vitest';
import { FrameCallbackList } from '../../src/platform/frame-callback-list.ts';
import { measureHeapGrowth } from '../helpers/heap.ts';

describe('FrameCallbackList', () => {
  it('runs the pending callbacks once, in order, without those cancelled; ones added meanwhile wait', () => {
    const list = new FrameCallbackList();
    const seen: string[] = [];
    list.add(1, (t) => seen.push(`a@${t}`));
    list.add(2, (t) => seen.push(`b@${t}`));
    list.add(3, (t) => { seen.push(`c@${t}`); list.add(5, (u) => seen.push(`e@${u}`)); });
    list.add(4, (t) => seen.push(`d@${t}`));
    expect(list.cancel(2)).toBe(true);
    expect(list.cancel(2), 'already cancelled').toBe(false);
    expect(list.size).toBe(3);
    list.runAll(10);
    expect(seen).toEqual(['a@10', 'c@10', 'd@10']);
    expect(list.size, 'the one added while running').toBe(1);
    list.runAll(20);
    expect(seen.slice(3)).toEqual(['e@20']);
    expect(list.size).toBe(0);
    expect(list.cancel(5), 'already run').toBe(false);
    list.add(6, () => seen.push('f'));
    list.clear();
    list.runAll(30);
    expect(seen).toHaveLength(4);
  });

  it('a steady frame loop (one callback re-added every frame, another added and cancelled) allocates nothing', () => {
    const list = new FrameCallbackList();
    let handle = 0;
    let frames = 0;
    const loop = (): void => {
      frames++;
      list.add(++handle, loop);
    };
    const other = (): void => {};
    list.add(++handle, loop);
    const g = measureHeapGrowth(() => {
      list.add(++handle, other);
      list.cancel(handle);
      list.runAll(frames);
    }, 20_000, 20_000, 5);
    expect(list.size).toBe(1);
    expect(g.gcRuns, `no gc (allocated ${g.allocatedBytes} B over ${g.calls} frames)`).toBe(0);
    expect(g.allocatedBytes, 'bytes over 20,000 frames').toBeLessThan(16 * 1024);
  });
});
