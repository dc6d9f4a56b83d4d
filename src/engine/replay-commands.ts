/**
 * Applying command records held in plain memory (a recording's engine frames, or the records a
 * replayed worker wrote, staged by the replay driver) to the engine's own systems, one record at a
 * time: each record is copied into a private command ring and drained from it with the ordinary
 * CommandReader, so replay applies commands exactly as the apply phase does (same decoding, same
 * validation, same EntitySystem/CameraSystem) and can stop at any record (a recorded position).
 *
 * Records are ring-framed as in the RenderCommandQueue: word 0 the payload length in bytes, word 1
 * the tag and type (`RECORD_TAG << 16 | type`), then the payload padded to 8 bytes. Records that
 * are not commands the reader knows (the recorder's fact records, written by the runtime) are never
 * fed to it: `isGameCommand` and `isFrameEnd` classify a type.
 */
import { CommandReader, type CommandSink } from '../protocol/command-reader.ts';
import { COMMAND_PAYLOAD_BYTES, COMMAND_OPCODES } from '../protocol/command-opcodes.ts';
import { COMMAND_SPECS, OPCODE_MASK } from '../protocol/command-table.ts';
import { createCommandQueueBuffer } from '../protocol/command-writer.ts';
import { RingWriter } from '../shared-memory/ring-writer.ts';
import { RECORD_ALIGN_BYTES, RECORD_HEADER_BYTES, RECORD_LENGTH_WORD, RECORD_TAG_TYPE_WORD, RECORD_TYPE_MASK } from '../shared-memory/ring-layout.ts';

const FRAME_END = COMMAND_OPCODES.FRAME_END;
const HEADER_WORDS = RECORD_HEADER_BYTES >> 2;

/** Whether ring record type `type` is a command a game issued (an entity, camera or audio command). */
export function isGameCommand(type: number): boolean {
  const t = type & RECORD_TYPE_MASK;
  if (COMMAND_PAYLOAD_BYTES[t]! < 0) return false;
  const spec = COMMAND_SPECS[t & OPCODE_MASK];
  return spec !== undefined && spec.api !== null;
}

/** Whether ring record type `type` is a FRAME_END. */
export function isFrameEnd(type: number): boolean {
  return (type & OPCODE_MASK) === FRAME_END && COMMAND_PAYLOAD_BYTES[type & RECORD_TYPE_MASK]! >= 0;
}

/** Words of the ring-framed record at word `q` of `words` (header and padded payload). */
export function recordWords(words: Int32Array, q: number): number {
  const len = words[q + RECORD_LENGTH_WORD]!;
  return HEADER_WORDS + (((len + RECORD_ALIGN_BYTES - 1) & -RECORD_ALIGN_BYTES) >> 2);
}

/** The ring record type of the record at word `q` of `words`. */
export function recordType(words: Int32Array, q: number): number {
  return words[q + RECORD_TAG_TYPE_WORD]! & RECORD_TYPE_MASK;
}

/** Feeds ring-framed records from plain memory to a CommandSink through a private ring. Engine thread only. */
export class RecordApplier {
  private readonly writer: RingWriter;
  private readonly reader: CommandReader;
  private readonly ringI32: Int32Array;

  /** `capacityBytes`: the private ring (it holds one record at a time; the largest command fits the default). */
  constructor(capacityBytes = 1 << 12) {
    const sab = createCommandQueueBuffer(capacityBytes);
    this.writer = new RingWriter(sab);
    this.reader = new CommandReader(sab);
    this.ringI32 = this.writer.i32;
  }

  /**
   * Applies the command or FRAME_END at word `q` of `words` to `sink` (a fact record or any type
   * the reader does not know is skipped); returns the word offset of the next record. Allocates nothing.
   */
  apply(words: Int32Array, q: number, sink: CommandSink): number {
    const n = recordWords(words, q);
    const type = recordType(words, q);
    if (!isGameCommand(type) && !isFrameEnd(type)) return q + n;
    const len = words[q + RECORD_LENGTH_WORD]!;
    const off = this.writer.tryReserve(type, len);
    // The ring is drained after every record, so it always has room; a -1 would be an engine bug.
    if (off < 0) return q;
    const dst = this.ringI32;
    const d = off >> 2;
    for (let i = HEADER_WORDS; i < n; i++) dst[d + i - HEADER_WORDS] = words[q + i]!;
    this.writer.commit();
    this.writer.publish();
    this.reader.drain(sink, 1);
    return q + n;
  }
}

const scratch = new DataView(new ArrayBuffer(4));

/**
 * The command record at word `q` of `words` as text: its name and fields by the command table's
 * names (`UPDATE_POSITION id=1048577 x=1.5 y=0 z=0`). Allocates; divergence reports only.
 */
export function describeRecord(words: Int32Array, q: number): string {
  const type = recordType(words, q);
  const spec = COMMAND_SPECS[type & OPCODE_MASK];
  if (spec === undefined) return `record type ${type}`;
  const parts = [spec.name];
  const n = Math.min(spec.fields.length, (words[q + RECORD_LENGTH_WORD]! >> 2));
  for (let i = 0; i < n; i++) {
    const f = spec.fields[i]!;
    const w = words[q + HEADER_WORDS + i]!;
    let v: number;
    if (f.type === 'f32') {
      scratch.setInt32(0, w, true);
      v = scratch.getFloat32(0, true);
    } else {
      v = f.type === 'u32' ? w >>> 0 : w;
    }
    parts.push(`${f.name}=${v}`);
  }
  return parts.join(' ');
}
