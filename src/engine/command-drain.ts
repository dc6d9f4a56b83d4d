/**
 * The apply phase's read of the RenderCommandQueue: at most the records published when the phase
 * began, so a logic that keeps publishing cannot hold the engine's frame.
 */
import type { CommandSink, CommandReader } from '../protocol/command-reader.ts';

const EMPTY_COMMANDS_LIMIT = 1 << 22;

/** Applies up to `max` commands from `reader` to `handler`; returns how many were read. Allocates nothing. */
export function drainCommandRing(reader: CommandReader, handler: CommandSink, max: number): number {
  let total = 0;
  // Only the records published when this phase began: a logic that keeps publishing while the
  // engine drains (a flood of commands in one update) must not hold the engine's frame; what it
  // publishes from now on is applied, in order, next frame.
  const limit = Math.min(max, EMPTY_COMMANDS_LIMIT, reader.ring.approximateSizeRecords);
  while (total < limit) {
    const n = reader.drain(handler, limit - total);
    if (n === 0) break;
    total += n;
  }
  // Give the logic all the room back now: the reader publishes its index lazily, and a logic that
  // fills most of the ring each frame would otherwise see up to a quarter of it as still in use.
  reader.ring.flush();
  return total;
}
