/**
 * The game bundles a watched run records (`twinframe run --watch`, docs/replay.md "Hot reloads"):
 * each bundle is read when it was built, before a worker runs it, so the recorder's `bundleOf`
 * (called on the engine thread as an incarnation starts) only looks it up. A replay then runs each
 * incarnation with the code it ran, not with the game file as it is by then.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { RecordedBundle } from '../protocol/recording.ts';

/** Bundles kept (the running one, a reload's being tried, and the ones a rollback or restart may start again). */
export const RECORDED_BUNDLES_KEPT = 8;

/** The bundles of a watched run, by their file: URL. */
export class RecordedBundles {
  private readonly byUrl = new Map<string, RecordedBundle>();

  /** Reads the bundle at `url` (a file: URL); one that cannot be read is not recorded (the replay bundles the game file). */
  add(url: string): void {
    if (this.byUrl.has(url)) return;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(fileURLToPath(url)));
    } catch {
      return;
    }
    this.byUrl.set(url, { hash: createHash('sha256').update(bytes).digest('hex'), name: basename(fileURLToPath(url)), bytes });
    if (this.byUrl.size > RECORDED_BUNDLES_KEPT) this.byUrl.delete(this.byUrl.keys().next().value!);
  }

  /** The recorder's `bundleOf`: the bundle read for `url`, if any. */
  readonly bundleOf = (url: string): RecordedBundle | undefined => this.byUrl.get(url);
}
