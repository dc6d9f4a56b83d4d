// formatDiagnostic: the one printed form of a diagnostic (logger, CLI, demo overlay), and
// formatValue, the one value formatter of `got <value>`.
import { describe, expect, it } from 'vitest';
import { errorDocPath, formatDiagnostic } from '../../src/protocol/format-diagnostic.ts';
import { formatValue } from '../../src/protocol/value-format.ts';
import { MemoryLogger, logDiagnostic } from '../../src/platform/logger.ts';

describe('formatDiagnostic', () => {
  const d = {
    code: 'TF5001', message: 'Logic.update: game code threw in update; got Error: boom. The frame went on.',
    file: 'file:///game/main.js', line: 12, column: 7, phase: 'update', tick: 3,
  };

  it('prints the code once, the message, the location once, phase and tick, and ends with the page', () => {
    const s = formatDiagnostic(d);
    expect(s).toBe('TF5001 Logic.update: game code threw in update; got Error: boom. The frame went on. at file:///game/main.js:12:7 [update, tick 3] -> docs/errors/TF5001.md');
    expect(s.split('TF5001').length - 1, 'the code appears in the head and in the page path only').toBe(2);
    expect(s.split('main.js').length - 1, 'the location appears once').toBe(1);
  });

  it('leaves out what is unknown, marks repeats, and links only twinframe codes', () => {
    expect(formatDiagnostic({ code: 'TF4003', message: 'm' })).toBe('TF4003 m -> docs/errors/TF4003.md');
    expect(formatDiagnostic({ code: 'TF4003', message: 'm', file: 'a.js', line: 2, column: 0 })).toBe('TF4003 m at a.js:2 -> docs/errors/TF4003.md');
    expect(formatDiagnostic({ code: 'TF4003', message: 'm', phase: 'apply', tick: -1 }, 21)).toBe('TF4003 m [apply] [#21 of TF4003] -> docs/errors/TF4003.md');
    expect(formatDiagnostic({ code: 'GAME42', message: 'm' }), 'a script code has no page').toBe('GAME42 m');
    expect(errorDocPath('TF1001')).toBe('docs/errors/TF1001.md');
    expect(errorDocPath('nope')).toBe('');
  });

  it('is what the logger writes for a diagnostic', () => {
    const logger = new MemoryLogger();
    logDiagnostic(logger, 'error', 'logic', d, 2);
    expect(logger.lines).toEqual([{ level: 'error', source: 'logic', message: formatDiagnostic(d, 2) }]);
  });
});

describe('formatValue', () => {
  it('renders any value readably and never throws', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect([formatValue('here'), formatValue(Number.NaN), formatValue(-Infinity), formatValue(3n), formatValue(null), formatValue(undefined)])
      .toEqual(['"here"', 'NaN', '-Infinity', '3n', 'null', 'undefined']);
    expect(formatValue(function named() {})).toBe('function named');
    expect(formatValue([1, 2])).toBe('[1,2]');
    expect(formatValue(cyclic)).toBe('[object Object]');
    expect(formatValue('x'.repeat(500)).length, 'long strings are cut').toBeLessThan(210);
    expect(formatValue(Symbol('s'))).toBe('Symbol(s)');
  });
});
