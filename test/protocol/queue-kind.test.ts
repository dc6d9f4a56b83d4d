import { describe, expect, it } from 'vitest';
import { QUEUE_KINDS, checkQueueKind } from '../../src/protocol/queue-kind.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

describe('checkQueueKind', () => {
  it('accepts the expected kind and refuses another with TF2006 naming both', () => {
    expect(() => checkQueueKind('X.y', QUEUE_KINDS.COMMANDS, QUEUE_KINDS.COMMANDS, 'f()'), 'same kind').not.toThrow();
    let err: unknown;
    try {
      checkQueueKind('X.y', 0, QUEUE_KINDS.CALLBACKS, 'createCallbackQueueBuffer()');
    } catch (e) {
      err = e;
    }
    expect(isTwinframeError(err, 'TF2006'), 'coded').toBe(true);
    expect((err as Error).message, 'names what it got and what it expected').toMatch(/got a raw ring, expected a callback queue/);
    expect(new Set(Object.values(QUEUE_KINDS)).size, 'kinds are distinct').toBe(3);
  });
});
