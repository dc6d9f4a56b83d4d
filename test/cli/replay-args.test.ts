// `twinframe replay` argument parsing: --view's --port takes 0 as `twinframe dev` does (any free port).
import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from '../../src/cli/cli-args.ts';

describe('parseReplayArgs', () => {
  it('takes --port 0 (any free port) and a fixed port with --view', () => {
    const any = parseReplayArgs(['run.tfrec', '--view', '--port', '0']);
    expect(typeof any === 'string' ? any : any.port).toBe(0);
    const fixed = parseReplayArgs(['run.tfrec', '--view', '--port', '5180']);
    expect(typeof fixed === 'string' ? fixed : fixed.port).toBe(5180);
  });

  it('refuses a port outside 0..65535 with a message naming the flag', () => {
    const r = parseReplayArgs(['run.tfrec', '--view', '--port', '70000']);
    expect(typeof r).toBe('string');
    expect(r).toContain('--port');
  });
});
