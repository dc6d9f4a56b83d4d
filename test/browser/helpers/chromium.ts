/**
 * Finds and launches Chromium for the browser tests (playwright-core drives it; never
 * `playwright install`). Looked for in order: `CHROMIUM_PATH`, a system Chromium or Chrome, then
 * the Chromium that the npm devDependency `@sparticuz/chromium` ships inside the package (Linux
 * x64; extracted once to the OS temp folder), so `npm install && npm test` needs nothing else.
 * WebGL2 runs headless through SwiftShader (software Vulkan under ANGLE).
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

/**
 * Set by the global setup (chromium-setup.ts) when no Chromium could be found or extracted: why,
 * so every browser suite can print or fail with the whole story.
 */
export const CHROMIUM_MISSING_ENV = 'TWINFRAME_CHROMIUM_MISSING';

/** The npm package with a Chromium binary inside (a devDependency). */
export const NPM_CHROMIUM = '@sparticuz/chromium';

/** System Chromium and Chrome binaries, in the order they are tried on this platform. */
export function systemChromiumPaths(platform: NodeJS.Platform = process.platform): readonly string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (platform === 'win32') {
    const roots = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env['LOCALAPPDATA']].filter((r): r is string => r !== undefined);
    return roots.map((r) => `${r}\\Google\\Chrome\\Application\\chrome.exe`);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/**
 * Looks for `CHROMIUM_PATH`, then a system Chromium or Chrome (synchronous: suites are declared
 * at collection time). The npm package's Chromium is found by `resolveChromium` (asynchronous:
 * it may extract it), which the global setup runs once and records in `CHROMIUM_PATH`.
 */
export function findChromium(): ChromiumLookup {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { executablePath: fromEnv, reason: `CHROMIUM_PATH=${fromEnv}` }
      : { executablePath: undefined, reason: `CHROMIUM_PATH=${fromEnv} does not exist` };
  }
  const paths = systemChromiumPaths();
  for (const path of paths) {
    if (existsSync(path)) return { executablePath: path, reason: path };
  }
  return {
    executablePath: undefined,
    reason: process.env[CHROMIUM_MISSING_ENV] ?? `CHROMIUM_PATH is unset, there is no Chromium or Chrome at ${paths.join(', ')}, ` +
      `and the npm package ${NPM_CHROMIUM} was not tried (the vitest global setup test/browser/helpers/chromium-setup.ts does that)`,
  };
}

/** Why the npm package's Chromium cannot serve on this machine, or undefined when it can. */
export function npmChromiumUnsupported(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  return platform === 'linux' && arch === 'x64'
    ? undefined
    : `${NPM_CHROMIUM} ships a Chromium for Linux x64 only; this is ${platform} ${arch}`;
}

/**
 * Finds Chromium as `findChromium` does, then falls back to the npm package's (extracting it to
 * the OS temp folder on first use, about 10 s). Never throws: a failure is the reason.
 */
export async function resolveChromium(): Promise<ChromiumLookup> {
  const found = findChromium();
  if (found.executablePath !== undefined || process.env['CHROMIUM_PATH']) return found;
  const system = `CHROMIUM_PATH is unset and there is no Chromium or Chrome at ${systemChromiumPaths().join(', ')}`;
  const remedy = 'Install Chromium or Chrome, or point CHROMIUM_PATH at a Chromium binary';
  const unsupported = npmChromiumUnsupported();
  if (unsupported !== undefined) return { executablePath: undefined, reason: `${system}, and ${unsupported}. ${remedy}.` };
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    const path = await packaged.executablePath();
    return { executablePath: path, reason: `${path} (extracted from the npm package ${NPM_CHROMIUM})` };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { executablePath: undefined, reason: `${system}, and the npm package ${NPM_CHROMIUM} gave none (${why}; run npm install). ${remedy}.` };
  }
}

/** Launches headless Chromium with `CHROMIUM_ARGS` (from `resolveChromium`); throws when there is none. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, reason } = await resolveChromium();
  if (executablePath === undefined) throw new Error(`launchChromium: ${reason}`);
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
