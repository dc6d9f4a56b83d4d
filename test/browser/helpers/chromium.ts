/**
 * Finds and launches Debian's Chromium for the browser tests (playwright-core drives it; never
 * `playwright install`). WebGL2 runs headless through SwiftShader (software Vulkan under ANGLE).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Chromium flags: software WebGL2 that works headless, and no background traffic or first-run UI. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Background tabs and occluded windows must keep their requestAnimationFrame rate.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
] as const;

/** Where Chromium is, or why it is not there. */
export interface ChromiumLookup {
  readonly executablePath: string | undefined;
  readonly reason: string;
}

/** Looks for `CHROMIUM_PATH`, then /usr/bin/chromium, then /usr/bin/chromium-browser. */
export function findChromium(): ChromiumLookup {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { executablePath: fromEnv, reason: `CHROMIUM_PATH=${fromEnv}` }
      : { executablePath: undefined, reason: `CHROMIUM_PATH=${fromEnv} does not exist` };
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(path)) return { executablePath: path, reason: path };
  }
  return {
    executablePath: undefined,
    reason: 'no Chromium at /usr/bin/chromium or /usr/bin/chromium-browser and CHROMIUM_PATH is unset ' +
      '(install Debian\'s chromium: apt-get install chromium, or point CHROMIUM_PATH at a Chromium binary)',
  };
}

/** Launches headless Chromium with `CHROMIUM_ARGS`; throws when it is missing. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, reason } = findChromium();
  if (executablePath === undefined) throw new Error(`launchChromium: ${reason}`);
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
