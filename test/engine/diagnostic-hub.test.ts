import { describe, expect, it } from 'vitest';
import { DiagnosticHub } from '../../src/engine/diagnostic-hub.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';
import { statsLine } from '../../src/cli/stats-line.ts';
import type { AppStats } from '../../src/engine/app.ts';

describe('DiagnosticHub', () => {
  it('prints the first 20 of a code, says once that it thins out, then prints every 1000th with its count', () => {
    const logger = new MemoryLogger();
    const hub = new DiagnosticHub(logger);
    for (let i = 0; i < 2500; i++) hub.report('TF4001', 'error', 'EntityAPI.moveBy: entity 42 does not exist', 'apply', i);
    const printed = logger.matching('EntityAPI.moveBy');
    expect(printed).toHaveLength(20 + 2);
    expect(logger.matching('further TF4001 are counted and printed every 1000th')).toHaveLength(1);
    expect(printed.at(-1)?.message).toContain('#2000 of TF4001');
    expect(hub.count('TF4001')).toBe(2500);
  });

  it('always prints the game\'s console lines, and the stats line counts them apart from diagnostics', () => {
    const logger = new MemoryLogger();
    const hub = new DiagnosticHub(logger);
    for (let i = 0; i < 30; i++) hub.fromLogic({ code: 'TF5030', severity: 'info', message: `line ${i}`, file: '', line: 0, column: 0, stack: '', phase: 'update', tick: i });
    hub.report('TF4001', 'error', 'EntityAPI.moveBy: entity 42 does not exist', 'apply', 1);
    expect(logger.matching('line ')).toHaveLength(30);
    const byCode = Object.fromEntries(hub.byCode);
    const stats = {
      elapsed_ms: 1000,
      engine: { frames: 60 }, logic: { frames: 60, skipped_frames: 0 },
      commands: { applied: 0, rejected: 0 }, callbacks: { delivered: 0 }, entities: { live: 0 },
      publish: { us: { p99: 1 } }, diagnostics: { total: hub.total, by_code: byCode },
      reload: { count: 0, failed: 0, ms: { p50: 0 } },
    } as unknown as AppStats;
    expect(statsLine(stats, null)).toContain('diagnostics 1 | console 30');
  });
});
