import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DIAGNOSTIC_LIMITS, DiagnosticReader, DiagnosticWriter, SEVERITIES, createDiagnosticQueueBuffer,
} from '../../src/protocol/diagnostic-queue.ts';
import type { Diagnostic } from '../../src/protocol/diagnostic-queue.ts';
import { TRUNCATION_MARKER } from '../../src/protocol/string-codec.ts';
import { PHASES } from '../../src/protocol/control-block.ts';
import type { Phase } from '../../src/protocol/control-block.ts';
import { createCommandQueueBuffer } from '../../src/protocol/command-writer.ts';
import { CONTROL_BYTES } from '../../src/shared-memory/ring-layout.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));

const sample: Diagnostic = {
  code: 'TF5001', severity: 'error', message: 'update threw: boom', file: 'game.ts', line: 12, column: 5,
  stack: 'Error: boom\n    at update (game.ts:12:5)', phase: 'update', tick: 1234, systemId: 'spawner',
};

function drainAll(r: DiagnosticReader): Diagnostic[] {
  const out: Diagnostic[] = [];
  r.drain((d) => out.push(d));
  return out;
}

describe('DiagnosticQueue', () => {
  it('round-trips every field, with and without a system id', () => {
    const sab = createDiagnosticQueueBuffer();
    const w = new DiagnosticWriter(sab);
    const r = new DiagnosticReader(sab);
    const { systemId: _drop, ...noSystem } = sample;
    expect(w.write(sample), 'written').toBe(true);
    expect(w.write(noSystem), 'written').toBe(true);
    expect(drainAll(r), 'decoded as written').toEqual([sample, noSystem]);
  });

  it(`round-trips random diagnostics; over-long strings are truncated with a marker, never refused (seed ${SEED})`, () => {
    const sab = createDiagnosticQueueBuffer(1 << 18);
    const w = new DiagnosticWriter(sab);
    const r = new DiagnosticReader(sab);
    const s = (max: number) => fc.string({ unit: 'grapheme-ascii', maxLength: max });
    const diag = fc.record({
      code: s(100), severity: fc.constantFrom(...SEVERITIES), message: s(5000), file: s(1200), line: fc.integer(),
      column: fc.integer(), stack: s(9000), phase: fc.constantFrom(...PHASES), tick: fc.double({ noNaN: true }), systemId: fc.option(s(300), { nil: undefined }),
    }, { requiredKeys: ['code', 'severity', 'message', 'file', 'line', 'column', 'stack', 'phase', 'tick'] });
    fc.assert(
      fc.property(diag, (d) => {
        expect(w.write(d), `seed ${SEED}: accepted`).toBe(true);
        const [got] = drainAll(r);
        for (const k of ['code', 'message', 'file', 'stack', 'phase', 'systemId'] as const) {
          const sent = d[k];
          const limit = DIAGNOSTIC_LIMITS[k];
          if (sent === undefined) expect(got![k], `seed ${SEED}: ${k} absent`).toBeUndefined();
          else if (sent.length <= limit) expect(got![k], `seed ${SEED}: ${k} intact`).toBe(sent);
          else expect(got![k]!.endsWith(TRUNCATION_MARKER) && sent.startsWith(got![k]!.slice(0, -TRUNCATION_MARKER.length)), `seed ${SEED}: ${k} truncated with the marker`).toBe(true);
        }
        expect([got!.severity, got!.line, got!.column, got!.tick], `seed ${SEED}: numbers`).toEqual([d.severity, d.line, d.column, d.tick]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('write returns false only when the ring is full, and then writes nothing', () => {
    const sab = createDiagnosticQueueBuffer(1 << 15);
    const w = new DiagnosticWriter(sab);
    const r = new DiagnosticReader(sab);
    const big = { ...sample, stack: 's'.repeat(8000), message: 'm'.repeat(4000) };
    let n = 0;
    while (w.write(big)) n++;
    expect(n, 'some fit').toBeGreaterThan(0);
    expect(w.ring.fullEvents, 'the refusal is counted').toBe(1);
    expect(drainAll(r).length, 'exactly the accepted ones arrive').toBe(n);
  });

  it('reports a malformed record as a TF2004 diagnostic and keeps going', () => {
    const sab = createDiagnosticQueueBuffer();
    const w = new DiagnosticWriter(sab);
    const r = new DiagnosticReader(sab);
    w.write(sample);
    new Int32Array(sab, CONTROL_BYTES + 8, 12)[6] = 999_999; // first string length of the first record
    w.write(sample);
    const got = drainAll(r);
    expect(got.map((d) => d.code), 'a TF2004 report, then the intact diagnostic').toEqual(['TF2004', 'TF5001']);
    expect(got[0]!.message, 'names the record').toMatch(/got type 1, length/);
    expect(r.malformedRecords, 'counted').toBe(1);
  });

  it('coerces non-string fields instead of refusing them', () => {
    const sab = createDiagnosticQueueBuffer();
    const w = new DiagnosticWriter(sab);
    const weird = { ...sample, message: 42 as unknown as string, stack: undefined as unknown as string, severity: 'bogus' as Diagnostic['severity'] };
    expect(w.write(weird), 'accepted').toBe(true);
    const [d] = drainAll(new DiagnosticReader(sab));
    expect([d!.message, d!.stack, d!.severity], 'coerced').toEqual(['42', '', 'error']);
  });

  it('validates the ring size and kind', () => {
    expect(() => createDiagnosticQueueBuffer(1 << 14), 'too small for one maximal diagnostic').toThrow(/TF2005/);
    expect(() => new DiagnosticWriter(createCommandQueueBuffer(1 << 16)), 'command ring').toThrow(/TF2006/);
    expect(() => new DiagnosticReader(createCommandQueueBuffer(1 << 16)), 'command ring').toThrow(/TF2006/);
  });
  it('refuses a record whose phase is not a Phase (TF2004) and goes on', () => {
    const sab = createDiagnosticQueueBuffer(1 << 16);
    const w = new DiagnosticWriter(sab);
    const r = new DiagnosticReader(sab);
    expect(w.write({ ...sample, phase: 'callback' as Phase }), 'written').toBe(true);
    expect(w.write(sample), 'written').toBe(true);
    const got = drainAll(r);
    expect(got.map((d) => d.code), 'a TF2004 for the bad one, then the good one').toEqual(['TF2004', sample.code]);
    expect(got[0]!.message).toContain('unknown phase');
    expect(r.malformedRecords).toBe(1);
  });
});
