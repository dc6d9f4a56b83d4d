/**
 * A recording served by `twinframe replay FILE --view` and a Chromium to look at it: the set-up the
 * viewer's browser tests share. The file is written into a fresh temp folder; `close` stops the
 * browser and the server and removes the folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { replayViewCommand } from '../../../src/dev/replay-view-command.ts';

/** A running viewer of one recording. */
export interface ReplayViewer {
  readonly browser: Browser;
  /** The viewer page's URL. */
  readonly url: string;
  /** What the CLI printed, a line each. */
  readonly out: string;
  close(): Promise<void>;
}

/** Writes `bytes` as a recording and serves it with `replay --view` (plus `args`); throws with the CLI's output if it does not start. */
export async function startReplayViewer(bytes: Uint8Array, args: readonly string[] = []): Promise<ReplayViewer> {
  const dir = mkdtempSync(join(tmpdir(), 'twinframe-replay-view-'));
  const file = join(dir, 'run.tfrec');
  writeFileSync(file, bytes);
  let out = '';
  const io = { out: (l: string) => void (out += `${l}\n`), err: (l: string) => void (out += `${l}\n`) };
  const [browser, started] = await Promise.all([launchChromium(), replayViewCommand([file, '--view', ...args], io)]);
  if (typeof started === 'number') {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the viewer did not start (exit ${started}): ${out}`);
  }
  return {
    browser, url: started.url, out,
    async close() {
      await browser.close();
      await started.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
