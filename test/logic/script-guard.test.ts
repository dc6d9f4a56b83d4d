// ScriptGuard's backpressure: diagnostics go through a SpillingRingWriter over the diagnostics
// queue's ring, so a full queue keeps them, in order, and retry() delivers them next frame.
import { describe, expect, it } from 'vitest';
import { DiagnosticReader, DiagnosticWriter, createDiagnosticQueueBuffer } from '../../src/protocol/diagnostic-queue.ts';
import type { Diagnostic } from '../../src/protocol/diagnostic-queue.ts';
import { ScriptGuard } from '../../src/logic/script-guard.ts';

describe('ScriptGuard', () => {
  it('keeps diagnostics that do not fit the queue, in order, and delivers them on retry', () => {
    const sab = createDiagnosticQueueBuffer(1 << 15);
    const guard = new ScriptGuard(new DiagnosticWriter(sab));
    const reader = new DiagnosticReader(sab);
    const filler = 'x'.repeat(900);
    for (let i = 0; i < 100; i++) guard.report('TF5030', 'info', `line ${i} ${filler}`);
    expect(guard.spill.waitingRecords, 'about 100 KB do not fit a 32 KiB ring: some wait').toBeGreaterThan(0);
    expect(guard.spill.spillEpisodes, 'one episode so far').toBe(1);
    const got: Diagnostic[] = [];
    for (let frame = 0; frame < 20 && got.length < 100; frame++) {
      reader.drain((d) => got.push(d));
      guard.retry();
    }
    expect(got.map((d) => d.message.split(' ', 2).join(' ')), 'every diagnostic, in order').toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
    expect(guard.retry(), 'nothing waits').toBe(0);
    expect(guard.spill.spilledRecords, 'the spill counted what it held').toBeGreaterThan(0);
  });

  it('a script error is reported with its location as fields, not in the message', () => {
    const sab = createDiagnosticQueueBuffer(1 << 15);
    const guard = new ScriptGuard(new DiagnosticWriter(sab));
    const reader = new DiagnosticReader(sab);
    const e = new Error('boom');
    e.stack = 'Error: boom\n    at update (file:///game/main.js:12:7)';
    guard.scriptError('update', 'game', e);
    const got: Diagnostic[] = [];
    reader.drain((d) => got.push(d));
    expect(got.length).toBe(1);
    expect([got[0]!.code, got[0]!.file, got[0]!.line, got[0]!.column, got[0]!.phase]).toEqual(['TF5001', 'file:///game/main.js', 12, 7, 'update']);
    expect(got[0]!.message, 'the message names the error').toContain('Error: boom');
    expect(got[0]!.message, 'the location is not repeated in the message').not.toContain('main.js');
  });
});
