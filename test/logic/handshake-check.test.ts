import { describe, expect, it } from 'vitest';
import { handshakeProblem } from '../../src/logic/handshake-check.ts';
import { LogicRig } from './logic-rig.ts';

describe('handshakeProblem', () => {
  const good = new LogicRig().handshake;
  it('accepts the engine handshake', () => {
    expect(handshakeProblem(good), 'no problem').toBe('');
  });
  it('names what is wrong', () => {
    expect(handshakeProblem(null), 'not an object').toContain('expected { type');
    expect(handshakeProblem({ ...good, buffers: { ...good.buffers, input: new ArrayBuffer(8) } }), 'buffer').toContain('buffers.input');
    expect(handshakeProblem({ ...good, pacing: { mode: 'free', hz: 0 } }), 'rate').toContain('pacing.hz');
    expect(handshakeProblem({ ...good, host: 'unity' }), 'host').toContain('host');
  });
});
