/**
 * Runs the `twinframe` command line as a real process for the browser tests of `twinframe dev`
 * and `twinframe build`: a one-shot command, or the dev server kept running with its output
 * collected; and `until`, which polls across page reloads.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';

/** The CLI's entry in this repository. */
export const BIN = fileURLToPath(new URL('../../../bin/twinframe.mjs', import.meta.url));

/** Runs the CLI in `cwd`; resolves when it exits, with its status and output (stdout and stderr). */
export function runCli(args: readonly string[], cwd: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (status) => resolve({ status, out }));
  });
}

/** Polls `read` until `check` holds (a read failing during a page reload is retried); fails with the last value seen. */
export async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | string = 'nothing read';
  for (;;) {
    try {
      const v = await read();
      last = v;
      if (check(v)) return v;
    } catch (e) {
      last = `read failed: ${String(e)}`;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A running `twinframe dev`. */
export interface DevProcess {
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Stops it with SIGTERM (its Ctrl+C path) and waits for the exit; resolves with the exit status. */
  stop(): Promise<number | null>;
}

/** Starts `twinframe dev <args>` in `cwd` and waits for the URL it prints. */
export async function startDevCli(args: readonly string[], cwd: string): Promise<DevProcess> {
  const child = spawn(process.execPath, [BIN, 'dev', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let url: string;
  try {
    url = await until('the dev server URL', async () => {
      if (child.exitCode !== null) throw new Error(`twinframe dev exited ${child.exitCode}: ${out}`);
      return /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? '';
    }, (u) => u !== '', 60_000);
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw e;
  }
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A game in a temp folder served by `twinframe dev`, and a Chromium to look at it. */
export interface DevGame {
  /** The temp folder holding `game.ts` (write it again to edit the game). */
  readonly dir: string;
  readonly dev: DevProcess;
  readonly browser: Browser;
  /** Stops the browser and the dev server, and removes the folder. */
  close(): Promise<void>;
}

/** Writes `source` as `game.ts` into a fresh temp folder and runs `twinframe dev game.ts --port 0` there, with Chromium. */
export async function startDevGame(source: string): Promise<DevGame> {
  const dir = mkdtempSync(join(tmpdir(), 'twinframe-dev-game-'));
  writeFileSync(join(dir, 'game.ts'), source);
  const browser = await launchChromium();
  const dev = await startDevCli(['game.ts', '--port', '0'], dir).catch(async (e: unknown) => {
    await browser.close();
    throw e;
  });
  return {
    dir, dev, browser,
    async close() {
      await browser.close();
      await dev.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
