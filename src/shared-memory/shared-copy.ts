/**
 * Fast copies inside a SharedArrayBuffer. V8 copies a shared buffer's typed-array ranges
 * (`copyWithin`, `set`) with relaxed-atomic word stores, at about half the speed of memcpy here;
 * WebAssembly's `memory.copy` on a shared memory is a plain memmove (measured on 2 cores: 44 KB in
 * 0.41 µs against copyWithin's 1.83 µs, 4.4 MB in 89 µs against 178 µs; memcpy of an ArrayBuffer
 * 0.43 / 110 µs; in Chromium, warm: 0.3 against 1.7 µs, 118-156 against 200-250 µs). Scattered
 * records copy faster in WebAssembly too (8 bytes a load; 30 records of 44 bytes: 90-110 ns
 * against 380 ns for JavaScript's word loop). So a buffer whose copies matter (the entity state
 * buffer: the engine's publish) is allocated as the SharedArrayBuffer of a shared
 * `WebAssembly.Memory`, and its writer copies through a small module bound to that memory.
 *
 * ```
 *  allocateCopyableBuffer(bytes)                 createSharedCopier(sab)
 *  WebAssembly.Memory({ shared })        ──────▶ instance of COPY_MODULE importing that memory
 *  .buffer: a SharedArrayBuffer, 64 KiB pages     copyWords:   memory.copy
 *  ┌───────────────────────┬─────────┬─────┐      copyRecords: the slot list into the scratch
 *  │ bytes (the caller's)  │ scratch │ pad │      room, then the module's record loop
 *  └───────────────────────┴─────────┴─────┘      (null: not allocated here, or no WebAssembly)
 *   0                 align8(bytes)  +64 KiB
 * ```
 * The buffer is an ordinary SharedArrayBuffer to every other reader and writer, on every thread (a
 * worker receives it by postMessage like any other); they use only its first `bytes`. Only the
 * thread that allocated it knows its memory, so only there can a copier be made, and its scratch
 * room is that copier's alone (one writer per buffer). Elsewhere, and wherever WebAssembly is
 * missing or refused (a CSP without 'wasm-unsafe-eval', no address space left for another memory),
 * callers copy with typed arrays. Ordering: the module's loads and stores are non-atomic like plain
 * typed-array accesses; callers copy only regions they own and publish them with a later atomic
 * (the writer's exchange), exactly as with copyWithin.
 */

/**
 * The module, hand-assembled (206 bytes, base64; the wat below is the whole of it):
 * ```wat
 * (import "m" "mem" (memory 1 65536 shared))
 * (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
 *   (memory.copy (local.get $dst) (local.get $src) (local.get $n)))
 * ;; copies `n` records of `stride` bytes from `from` to `to`, record i being at i32.load(slots + 4k) * stride
 * (func (export "records") (param $slots i32) (param $n i32) (param $from i32) (param $to i32) (param $stride i32)
 *   (local $k i32) (local $off i32) (local $w i32)
 *   (block (loop
 *     (br_if 1 (i32.ge_u (local.get $k) (local.get $n)))
 *     (local.set $off (i32.mul (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride)))
 *     (local.set $w (i32.const 0))
 *     (block (loop   ;; 8 bytes at a time
 *       (br_if 1 (i32.gt_u (i32.add (local.get $w) (i32.const 8)) (local.get $stride)))
 *       (i64.store (to + off + w) (i64.load (from + off + w)))
 *       (local.set $w (i32.add (local.get $w) (i32.const 8))) (br 0)))
 *     (if (i32.lt_u (local.get $w) (local.get $stride))   ;; a 4-byte tail (stride is whole words)
 *       (i32.store (to + off + w) (i32.load (from + off + w))))
 *     (local.set $k (i32.add (local.get $k) (i32.const 1))) (br 0))))
 * ```
 */
const COPY_MODULE_BASE64 =
  'AGFzbQEAAAABDwJgA39/fwBgBX9/f39/AAINAQFtA21lbQIDAYCABAMDAgABBxICBGNvcHkAAAdyZWNvcmRzAAEKigECDAAg' +
  'ACABIAL8CgAAC3sBA38CQANAIAUgAU8NASAAIAVBAnRqKAIAIARsIQZBACEHAkADQCAHQQhqIARLDQEgAyAGaiAHaiACIAZq' +
  'IAdqKQIANwIAIAdBCGohBwwACwsgByAESQRAIAMgBmogB2ogAiAGaiAHaigCADYCAAsgBUEBaiEFDAALCws=';

/** WebAssembly's page size. */
const PAGE_BYTES = 65536;
/** Room after a copyable buffer's requested bytes for the slot list of one `copyRecords` (16,384 slots). */
const SCRATCH_BYTES = 65536;

/** Fast copies within one copyable buffer (see the file comment). Allocates nothing per call. */
export interface SharedCopier {
  /** Copies `words` 32-bit words from word `srcWord` to word `dstWord` (ranges may overlap). */
  copyWords(dstWord: number, srcWord: number, words: number): void;
  /**
   * Copies `count` records of `strideWords` words, record `slots[start + k]` of the region at word
   * `fromWord` to the same record of the region at `toWord`; false (nothing copied) when `count`
   * passes the scratch room (16,384 slots): the caller copies them itself.
   */
  copyRecords(slots: Int32Array, start: number, count: number, fromWord: number, toWord: number, strideWords: number): boolean;
}

/** The memory behind each buffer this thread allocated with allocateCopyableBuffer, and where its scratch room starts (bytes). */
const memories = new WeakMap<SharedArrayBuffer, { memory: WebAssembly.Memory; scratchByte: number }>();
/** The compiled module (once per thread), or null once compiling it failed. */
let copyModule: WebAssembly.Module | null | undefined;

/**
 * A SharedArrayBuffer of at least `bytes` bytes, zeroed, whose copies createSharedCopier can make
 * fast on this thread: a shared WebAssembly memory's buffer (its byteLength is rounded up to 64 KiB
 * pages, with 64 KiB of scratch room past `bytes` that no one else uses), or a plain
 * SharedArrayBuffer of exactly `bytes` where that memory cannot be had.
 */
export function allocateCopyableBuffer(bytes: number): SharedArrayBuffer {
  const scratchByte = Math.ceil(bytes / 8) * 8;
  const pages = Math.ceil((scratchByte + SCRATCH_BYTES) / PAGE_BYTES);
  if (typeof WebAssembly === 'object' && pages <= 65536) {
    try {
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      const sab = memory.buffer;
      if (sab instanceof SharedArrayBuffer) {
        memories.set(sab, { memory, scratchByte });
        return sab;
      }
    } catch {
      // No shared memory here (no address space left, no cross-origin isolation): a plain buffer.
    }
  }
  return new SharedArrayBuffer(bytes);
}

/** Fast copies within `sab` (see the file comment), or null where only typed-array copies can copy it. */
export function createSharedCopier(sab: SharedArrayBuffer): SharedCopier | null {
  const entry = memories.get(sab);
  if (entry === undefined) return null;
  try {
    if (copyModule === undefined) copyModule = new WebAssembly.Module(Uint8Array.from(atob(COPY_MODULE_BASE64), (c) => c.charCodeAt(0)));
    if (copyModule === null) return null;
    const exports = new WebAssembly.Instance(copyModule, { m: { mem: entry.memory } }).exports;
    return new WasmCopier(
      exports['copy'] as (dst: number, src: number, n: number) => void,
      exports['records'] as (slots: number, n: number, from: number, to: number, stride: number) => void,
      new Int32Array(sab, entry.scratchByte, SCRATCH_BYTES / 4),
      entry.scratchByte,
    );
  } catch {
    copyModule ??= null;
    return null;
  }
}

/** The SharedCopier over one instance of COPY_MODULE. */
class WasmCopier implements SharedCopier {
  constructor(
    private readonly copy: (dst: number, src: number, n: number) => void,
    private readonly records: (slots: number, n: number, from: number, to: number, stride: number) => void,
    /** The scratch room, where copyRecords puts its slot list for the module to read. */
    private readonly scratch: Int32Array,
    private readonly scratchByte: number,
  ) {}

  copyWords(dstWord: number, srcWord: number, words: number): void {
    this.copy(dstWord << 2, srcWord << 2, words << 2);
  }

  copyRecords(slots: Int32Array, start: number, count: number, fromWord: number, toWord: number, strideWords: number): boolean {
    const scratch = this.scratch;
    if (count > scratch.length) return false;
    for (let k = 0; k < count; k++) scratch[k] = slots[start + k]!;
    this.records(this.scratchByte, count, fromWord << 2, toWord << 2, strideWords << 2);
    return true;
  }
}
