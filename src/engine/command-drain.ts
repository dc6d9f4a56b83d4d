/**
 * The apply phase's read of the RenderCommandQueue: at most the records published when the phase
 * began, so a logic that keeps publishing cannot hold the engine's frame, and no longer than the
 * frame's apply budget (`apply-budget.ts`), so no amount of commands makes one engine frame long.
 * What is left stays in the ring, in order, for the next frame.
 */
import type { CommandSink, CommandReader } from '../protocol/command-reader.ts';
import { BUDGET_CHECK_INTERVAL, type ApplyBudget } from './apply-budget.ts';

const EMPTY_COMMANDS_LIMIT = 1 << 22;

/**
 * Applies up to `max` commands from `reader` to `handler`, stopping early once `budget` is spent
 * (checked every BUDGET_CHECK_INTERVAL commands); returns how many were read. The caller began
 * `budget` (the apply phase: its other work, such as clearing a replaced incarnation's world,
 * counts against the same budget). Allocates nothing.
 */
export function drainCommandRing(reader: CommandReader, handler: CommandSink, max: number, budget: ApplyBudget): number {
  let total = 0;
  // Only the records published when this phase began: a logic that keeps publishing while the
  // engine drains (a flood of commands in one update) must not hold the engine's frame; what it
  // publishes from now on is applied, in order, next frame.
  const limit = Math.min(max, EMPTY_COMMANDS_LIMIT, reader.ring.approximateSizeRecords);
  while (total < limit) {
    const left = limit - total;
    const n = reader.drain(handler, left < BUDGET_CHECK_INTERVAL ? left : BUDGET_CHECK_INTERVAL);
    if (n === 0) break;
    total += n;
    // One clock read per interval: the frame overshoots its budget by at most one interval's work.
    if (total < limit && budget.expired()) {
      budget.carry(reader.ring.approximateSizeRecords);
      break;
    }
  }
  // Give the logic all the room back now: the reader publishes its index lazily, and a logic that
  // fills most of the ring each frame would otherwise see up to a quarter of it as still in use.
  reader.ring.flush();
  return total;
}
