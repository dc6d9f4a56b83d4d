/**
 * `describeInBrowser`: a describe block for tests that need Chromium. Without Chromium, under
 * `CI=true` the block fails with the reason (browser tests are mandatory in CI); otherwise it is
 * skipped and the reason is printed.
 */
import { describe, it } from 'vitest';
import { findChromium } from './chromium.ts';

/** True when this run must have a browser (CI). */
export const BROWSER_REQUIRED = process.env['CI'] === 'true';

/** Declares a browser suite, or its failing/skipped stand-in when Chromium is missing. */
export function describeInBrowser(name: string, body: () => void): void {
  const { executablePath, reason } = findChromium();
  if (executablePath !== undefined) {
    describe(name, body);
    return;
  }
  if (BROWSER_REQUIRED) {
    describe(name, () => {
      it('has Chromium to run in (mandatory with CI=true)', () => {
        throw new Error(`browser tests need Chromium: ${reason}`);
      });
    });
    return;
  }
  console.warn(`[browser tests] skipping "${name}" (with CI=true this fails): ${reason}`);
  describe.skip(name, body);
}
