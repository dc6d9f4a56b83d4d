/**
 * The code each replayed incarnation runs (docs/replay.md "Hot reloads"): a recording of a watched
 * run (`twinframe run --watch`) holds every incarnation's game bundle (bundle events, format
 * version 3), written here into the bundle cache and run instead of the game file, whose code may
 * have changed since; an incarnation without one runs the game file bundled now. Per incarnation,
 * the report says which it ran and whether its hash matches the recorded one.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { bundleCacheDir } from '../platform/node-bundle.ts';
import type { BundleEvent } from './replay-model.ts';
import type { ReplayPlan } from './replay-plan.ts';

/** Which code one replayed incarnation ran. */
export interface IncarnationBundle {
  readonly incarnation: number;
  /** 'recording': the bundle the recording holds for it; 'game': the game file, bundled now. */
  readonly source: 'recording' | 'game';
  /** The hash the recording names for it (its bundle event's, else the header's; '' when unknown). */
  readonly recordedBundleHash: string;
  /** SHA-256 hex of the code it ran. */
  readonly bundleHash: string;
  /** The recorded hash is unknown ('') or equals the hash of the code it ran. */
  readonly bundleHashMatches: boolean;
}

/**
 * Writes every recorded bundle of `plan` into the bundle cache (once per content) and returns its
 * file: URL by bundle event, and its content's hash (checked against the recorded one in the report).
 */
export function writeRecordedBundles(plan: ReplayPlan): Map<BundleEvent, { url: string; hash: string }> {
  const out = new Map<BundleEvent, { url: string; hash: string }>();
  for (const inc of plan.incarnations) {
    const b = inc.bundle;
    if (b === null || out.has(b)) continue;
    const hash = createHash('sha256').update(b.bytes).digest('hex');
    // Named by content (a replay of the same recording reuses it); the extension keeps its module format.
    const file = join(bundleCacheDir(), `replay-${hash.slice(0, 24)}${extname(b.name)}`);
    if (!existsSync(file)) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, b.bytes);
      renameSync(temp, file);
    }
    out.set(b, { url: pathToFileURL(file).href, hash });
  }
  return out;
}

/** Which code each incarnation of `plan` ran: its recorded bundle (`written`), else the game file (hash `gameHash`, recorded as `headerHash`). */
export function incarnationBundles(plan: ReplayPlan, written: Map<BundleEvent, { hash: string }>, headerHash: string, gameHash: string): IncarnationBundle[] {
  return plan.incarnations.map((inc) => {
    const w = inc.bundle === null ? undefined : written.get(inc.bundle);
    const recordedBundleHash = inc.bundle !== null ? inc.bundle.hash : headerHash;
    const bundleHash = w !== undefined ? w.hash : gameHash;
    return { incarnation: inc.incarnation, source: w !== undefined ? 'recording' : 'game', recordedBundleHash, bundleHash, bundleHashMatches: recordedBundleHash === '' || recordedBundleHash === bundleHash };
  });
}
