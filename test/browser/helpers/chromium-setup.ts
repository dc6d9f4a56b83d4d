/**
 * Vitest global setup: finds Chromium once for the whole run, before any test file is collected
 * (`resolveChromium`: `CHROMIUM_PATH`, a system Chromium or Chrome, then the npm package's, which
 * it may extract). Doing it here, once, means parallel test files never extract it at the same
 * time, and `describeInBrowser` can decide synchronously: the path goes into `CHROMIUM_PATH`
 * (inherited by the test workers), or the reason there is none into `TWINFRAME_CHROMIUM_MISSING`.
 */
import { CHROMIUM_MISSING_ENV, resolveChromium } from './chromium.ts';

/** Resolves Chromium and records the outcome in the environment the test workers inherit. */
export default async function setup(): Promise<void> {
  const { executablePath, reason } = await resolveChromium();
  if (executablePath !== undefined) {
    process.env['CHROMIUM_PATH'] = executablePath;
    console.log(`[browser tests] Chromium: ${reason}`);
  } else {
    process.env[CHROMIUM_MISSING_ENV] = reason;
    console.warn(`[browser tests] no Chromium: ${reason}`);
  }
}
