/**
 * Kind numbers stamped into each queue's ring (ring-layout KIND_SLOT) so a queue end attached to
 * the wrong buffer fails at construction (TF2006) instead of decoding garbage every frame.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { PROTOCOL_CODES } from './error-codes.ts';

/** The kind of each queue's ring. */
export const QUEUE_KINDS = {
  /** RenderCommandQueue, logic -> engine. */
  COMMANDS: 0x434d44,
  /** CallbackQueue, engine -> logic. */
  CALLBACKS: 0x43424b,
  /** Diagnostics queue, logic -> engine. */
  DIAGNOSTICS: 0x444941,
} as const;

const KIND_NAMES: Readonly<Record<number, string>> = {
  [QUEUE_KINDS.COMMANDS]: 'a command queue',
  [QUEUE_KINDS.CALLBACKS]: 'a callback queue',
  [QUEUE_KINDS.DIAGNOSTICS]: 'a diagnostics queue',
  0: 'a raw ring',
};

/** Throws TF2006 unless `actual` is `expected`. Setup only. */
export function checkQueueKind(api: string, actual: number, expected: number, factory: string): void {
  if (actual === expected) return;
  throw new TwinframeError(
    PROTOCOL_CODES.QUEUE_BUFFER_INVALID.code,
    `${api}: the buffer belongs to another queue; got ${KIND_NAMES[actual] ?? `kind ${actual}`}, expected ${KIND_NAMES[expected]}. Allocate it with ${factory} and pass the right buffer.`,
    { actual, expected },
  );
}
