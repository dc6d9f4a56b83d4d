/**
 * The diagnostics queue (logic -> engine): errors and console output with code, severity, message,
 * file, line, column, stack, phase, tick and an optional system id. One ring record each (type 1):
 *
 * ```
 *  payload  +0  i32 severity index (SEVERITIES) | flags << 8 (bit 0: systemId present)
 *           +4  i32 line     +8 i32 column     +12 i32 reserved (0)     +16 f64 tick
 *           +24 u32 x 6 UTF-8 byte lengths: code, message, file, stack, phase, systemId
 *           +48 the six strings' bytes, back to back
 * ```
 * Strings longer than DIAGNOSTIC_LIMITS are cut and end with TRUNCATION_MARKER: a diagnostic is
 * never refused for its size (write returns false only when the ring is full, and then nothing is
 * written). This is a rare path: write allocates nothing, but drain allocates one Diagnostic object
 * and its strings per record. A malformed record is reported to the handler as a TF2004 (or TF1005
 * for broken framing) diagnostic of its own, never thrown.
 */
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { RingReader } from '../shared-memory/ring-reader.ts';
import { RING_CORRUPT, createRingBuffer, maxPayloadBytesFor } from '../shared-memory/ring-layout.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { Severity } from '../shared-memory/twinframe-error.ts';
import type { RecordViews } from '../shared-memory/ring-spill.ts';
import { PROTOCOL_CODES } from './error-codes.ts';
import { QUEUE_KINDS, checkQueueKind } from './queue-kind.ts';
import { isPhase } from './control-block.ts';
import type { Phase } from './control-block.ts';
import { decodeUtf8, encodeUtf8Into, utf8EncodedLength } from './string-codec.ts';

/** One diagnostic as it crosses from logic to engine. */
export interface Diagnostic {
  /** Stable code, e.g. `TF5001`, or a script's own. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Source file, line and column (1-based; 0 when unknown). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly stack: string;
  /** Frame phase that raised it (e.g. `update`, `render`, `callbacks`; the union of control-block.ts). */
  readonly phase: Phase;
  /** Logic tick (frame number) that raised it. */
  readonly tick: number;
  /** The system that raised it, when known. */
  readonly systemId?: string;
}

/** Severities in wire order (index = wire value). */
export const SEVERITIES: readonly Severity[] = ['debug', 'info', 'warning', 'error', 'fatal'];

/** Longest UTF-8 bytes kept of each string field. */
export const DIAGNOSTIC_LIMITS = {
  code: 64, message: 4096, file: 1024, stack: 8192, phase: 64, systemId: 256,
} as const;

/** Ring record type of a diagnostic. */
export const DIAGNOSTIC_RECORD_TYPE = 1;
/** Payload bytes before the strings. */
export const DIAGNOSTIC_FIXED_BYTES = 48;
/** Default diagnostics ring size. */
export const DEFAULT_DIAGNOSTIC_RING_BYTES = 1 << 16;

const L = DIAGNOSTIC_LIMITS;
const LIMITS = [L.code, L.message, L.file, L.stack, L.phase, L.systemId];
const MAX_PAYLOAD = DIAGNOSTIC_FIXED_BYTES + LIMITS.reduce((a, b) => a + b, 0);
const LENGTHS_WORD = 6;
const HAS_SYSTEM_ID = 1;

/** Allocates a diagnostics ring of `capacityBytes` (a power of two >= 32768). Startup only; throws TF2005/TF1001. */
export function createDiagnosticQueueBuffer(capacityBytes: number = DEFAULT_DIAGNOSTIC_RING_BYTES): SharedArrayBuffer {
  if (Number.isInteger(capacityBytes) && capacityBytes > 0 && maxPayloadBytesFor(capacityBytes) < MAX_PAYLOAD) {
    throw new TwinframeError(
      PROTOCOL_CODES.QUEUE_CAPACITY_INVALID.code,
      `createDiagnosticQueueBuffer: ring too small for one maximal diagnostic; got ${capacityBytes} bytes, expected at least ${2 * (MAX_PAYLOAD + 8)}. Use ${DEFAULT_DIAGNOSTIC_RING_BYTES}.`,
      { capacityBytes },
    );
  }
  return createRingBuffer(capacityBytes, { kind: QUEUE_KINDS.DIAGNOSTICS });
}

// Byte lengths of the strings of the diagnostic being written (module scratch: nothing allocated).
const lens = new Int32Array(6);

/**
 * Payload bytes of `d`'s record (strings cut to DIAGNOSTIC_LIMITS); remembers the string lengths
 * for the encodeDiagnostic call that must follow. Non-string fields are converted with String().
 */
export function diagnosticPayloadBytes(d: Diagnostic): number {
  lens[0] = utf8EncodedLength(str(d.code), L.code);
  lens[1] = utf8EncodedLength(str(d.message), L.message);
  lens[2] = utf8EncodedLength(str(d.file), L.file);
  lens[3] = utf8EncodedLength(str(d.stack), L.stack);
  lens[4] = utf8EncodedLength(str(d.phase), L.phase);
  lens[5] = d.systemId === undefined ? 0 : utf8EncodedLength(str(d.systemId), L.systemId);
  return DIAGNOSTIC_FIXED_BYTES + lens[0]! + lens[1]! + lens[2]! + lens[3]! + lens[4]! + lens[5]!;
}

/**
 * Encodes `d` at byte `off` of `v` (a RingWriter, or a SpillingRingWriter after reserve), right
 * after diagnosticPayloadBytes(d) sized the record. The one encoder of diagnostic records.
 */
export function encodeDiagnostic(v: RecordViews, off: number, d: Diagnostic): void {
  const q = off >> 2;
  const hasSystem = d.systemId !== undefined;
  const sev = SEVERITIES.indexOf(d.severity);
  v.i32[q] = (sev < 0 ? 3 : sev) | ((hasSystem ? HAS_SYSTEM_ID : 0) << 8);
  v.i32[q + 1] = d.line | 0;
  v.i32[q + 2] = d.column | 0;
  v.i32[q + 3] = 0;
  v.f64[(off >> 3) + 2] = +d.tick;
  for (let i = 0; i < 6; i++) v.u32[q + LENGTHS_WORD + i] = lens[i]!;
  let p = off + DIAGNOSTIC_FIXED_BYTES;
  const u8 = v.u8;
  p += encodeUtf8Into(str(d.code), u8, p, L.code);
  p += encodeUtf8Into(str(d.message), u8, p, L.message);
  p += encodeUtf8Into(str(d.file), u8, p, L.file);
  p += encodeUtf8Into(str(d.stack), u8, p, L.stack);
  p += encodeUtf8Into(str(d.phase), u8, p, L.phase);
  if (hasSystem) encodeUtf8Into(str(d.systemId), u8, p, L.systemId);
}

/**
 * Producer end (logic thread). Throws TF1004/TF2006 for a buffer that is not a diagnostics queue.
 * The ScriptGuard writes through a SpillingRingWriter over `ring` instead (so a full queue keeps
 * diagnostics in order); this class is for writers that can handle a refusal.
 */
export class DiagnosticWriter {
  readonly ring: RingWriter;

  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingWriter(sab);
    checkQueueKind('DiagnosticWriter.constructor', this.ring.kind, QUEUE_KINDS.DIAGNOSTICS, 'createDiagnosticQueueBuffer');
  }

  /**
   * Writes and publishes one diagnostic, truncating over-long strings. Returns false only when the
   * ring is full (nothing written; keep it and retry). Non-string fields are converted with String().
   */
  write(d: Diagnostic): boolean {
    const ring = this.ring;
    const off = ring.tryReserve(DIAGNOSTIC_RECORD_TYPE, diagnosticPayloadBytes(d));
    if (off < 0) return false;
    encodeDiagnostic(ring, off, d);
    ring.commit();
    ring.publish();
    return true;
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

const CODE_RECORD = PROTOCOL_CODES.DIAGNOSTIC_RECORD_INVALID.code;
const CODE_FRAMING = SHARED_MEMORY_CODES.RING_FRAMING_CORRUPT.code;

/** Consumer end (engine thread). Throws TF1004/TF2006 for a buffer that is not a diagnostics queue. */
export class DiagnosticReader {
  readonly ring: RingReader;
  /** Records skipped as malformed (TF2004) or lost to a framing reset (TF1005). */
  malformedRecords = 0;

  constructor(sab: SharedArrayBuffer) {
    this.ring = new RingReader(sab);
    checkQueueKind('DiagnosticReader.constructor', this.ring.kind, QUEUE_KINDS.DIAGNOSTICS, 'createDiagnosticQueueBuffer');
  }

  /**
   * Calls `handler` with each available diagnostic, in order, at most `maxRecords`; returns how many
   * records were handled (malformed ones arrive as TF2004/TF1005 diagnostics). Allocates per record.
   */
  drain(handler: (d: Diagnostic) => void, maxRecords = 1024): number {
    const ring = this.ring;
    let done = 0;
    for (; done < maxRecords; done++) {
      const t = ring.tryRead();
      if (t < 0) {
        if (t === RING_CORRUPT) {
          done++;
          handler(this.malformed(CODE_FRAMING, 'the ring framing was corrupt and the queue was reset', ring.lastCorruptType, ring.lastCorruptLength));
        }
        break;
      }
      const d = this.decode(t);
      ring.release();
      handler(d);
    }
    ring.flush();
    return done;
  }

  private decode(t: number): Diagnostic {
    const ring = this.ring;
    const off = ring.offset;
    const len = ring.length;
    const q = off >> 2;
    if (t !== DIAGNOSTIC_RECORD_TYPE || len < DIAGNOSTIC_FIXED_BYTES) return this.malformed(CODE_RECORD, 'bad record type or length', t, len);
    const head = ring.i32[q]!;
    const sev = head & 0xff;
    let total = DIAGNOSTIC_FIXED_BYTES;
    for (let i = 0; i < 6; i++) {
      const n = ring.u32[q + LENGTHS_WORD + i]!;
      if (n > LIMITS[i]!) return this.malformed(CODE_RECORD, `string ${i} longer than its limit`, t, len);
      total += n;
    }
    if (sev >= SEVERITIES.length || total !== len) return this.malformed(CODE_RECORD, 'bad severity or string lengths', t, len);
    const phaseAt = off + DIAGNOSTIC_FIXED_BYTES + ring.u32[q + LENGTHS_WORD]! + ring.u32[q + LENGTHS_WORD + 1]! + ring.u32[q + LENGTHS_WORD + 2]! + ring.u32[q + LENGTHS_WORD + 3]!;
    const phase = decodeUtf8(ring.u8, phaseAt, ring.u32[q + LENGTHS_WORD + 4]!);
    if (!isPhase(phase)) return this.malformed(CODE_RECORD, 'unknown phase', t, len);
    let p = off + DIAGNOSTIC_FIXED_BYTES;
    const s: string[] = [];
    for (let i = 0; i < 6; i++) {
      const n = ring.u32[q + LENGTHS_WORD + i]!;
      s.push(decodeUtf8(ring.u8, p, n));
      p += n;
    }
    const base = {
      code: s[0]!, severity: SEVERITIES[sev]!, message: s[1]!, file: s[2]!,
      line: ring.i32[q + 1]!, column: ring.i32[q + 2]!, stack: s[3]!, phase,
      tick: ring.f64[(off >> 3) + 2]!,
    };
    return (head >> 8) & HAS_SYSTEM_ID ? { ...base, systemId: s[5]! } : base;
  }

  private malformed(code: string, what: string, type: number, length: number): Diagnostic {
    this.malformedRecords++;
    return {
      code,
      severity: 'error',
      message: `DiagnosticReader.drain: malformed diagnostic record (${what}); got type ${type}, length ${length}. The record was skipped; check the writer for memory corruption.`,
      file: '', line: 0, column: 0, stack: '', phase: 'diagnostics', tick: -1,
    };
  }
}
