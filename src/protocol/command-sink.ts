/**
 * Where CommandReader.drain sends what it decodes (the sink) and what sees each raw record first
 * (the tap). Their own file so the reader stays about decoding, and so the engine's sinks, the
 * recorder's tap and the test handlers depend on the contract, not on the decoder.
 */
import type { AudioCommandTarget, CameraCommandTarget, EntityCommandTarget } from './command-targets.ts';

/**
 * Sees every record `drain` takes from the ring, raw, before it is validated or dispatched (the
 * engine's recorder, while recording): `words` Int32 words of `i32` from `wordStart`, the record's
 * ring framing (header word, tag/type word, payload padded to 8 bytes). Copy them before returning:
 * the storage is reused once the reader publishes its index. Must not allocate per record.
 */
export interface CommandTap {
  record(i32: Int32Array, wordStart: number, words: number): void;
}

/**
 * Where drain sends commands: straight to the targets (command-targets.ts), counting each command
 * once as applied or rejected. `origin` is set to the record's type (`opcode | apiStyle << 8`)
 * before each dispatch, so a refusal can name the API the game called (commandApiName).
 */
export interface CommandSink {
  readonly entities: EntityCommandTarget;
  readonly cameras: CameraCommandTarget;
  /** Audio commands' target; without one (a benchmark's sink) they are refused as unknown (onMalformed). */
  readonly audio?: AudioCommandTarget | undefined;
  /** Type of the record being dispatched (set by drain). */
  origin: number;
  /** Game commands applied / refused (FRAME_END is neither). */
  applied: number;
  rejected: number;
  /** The logic frame `tick` ended: every command before this one belongs to ticks <= tick. */
  frameEnd(tick: number): void;
  /**
   * A record was rejected: `code` is TF2001 (unknown opcode), TF2002 (bad length) or TF1005 (broken
   * framing; the queue was reset), `type` the record type (or raw header word), `length` its length.
   */
  onMalformed(code: string, type: number, length: number): void;
}
