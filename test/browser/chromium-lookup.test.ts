/**
 * How the browser tests find Chromium: CHROMIUM_PATH first, then a system Chromium or Chrome,
 * then the npm package's binary (Linux x64), and a reason that names every place tried when
 * there is none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_ENV, findChromium, npmChromiumUnsupported, resolveChromium, systemChromiumPaths } from './helpers/chromium.ts';

const saved = { path: process.env['CHROMIUM_PATH'], missing: process.env[CHROMIUM_MISSING_ENV] };
function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
afterEach(() => {
  restore('CHROMIUM_PATH', saved.path);
  restore(CHROMIUM_MISSING_ENV, saved.missing);
});

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH first, and says when it points nowhere', () => {
    process.env['CHROMIUM_PATH'] = process.execPath;
    expect(findChromium()).toEqual({ executablePath: process.execPath, reason: `CHROMIUM_PATH=${process.execPath}` });
    process.env['CHROMIUM_PATH'] = '/no/such/chromium';
    expect(findChromium()).toEqual({ executablePath: undefined, reason: 'CHROMIUM_PATH=/no/such/chromium does not exist' });
  });

  it('tries the system Chromium and Chrome of each platform', () => {
    expect(systemChromiumPaths('linux')).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']);
    expect(systemChromiumPaths('darwin')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('uses the npm package on Linux x64 only, and says why elsewhere', () => {
    expect(npmChromiumUnsupported('linux', 'x64')).toBeUndefined();
    expect(npmChromiumUnsupported('darwin', 'arm64')).toBe('@sparticuz/chromium ships a Chromium for Linux x64 only; this is darwin arm64');
  });

  it('gives the reason the global setup recorded when there is no Chromium', () => {
    delete process.env['CHROMIUM_PATH'];
    process.env[CHROMIUM_MISSING_ENV] = 'the whole story';
    const found = findChromium();
    if (found.executablePath !== undefined) expect(systemChromiumPaths()).toContain(found.executablePath);
    else expect(found.reason).toBe('the whole story');
  });

  it('finds a Chromium with nothing set (system, or npm on Linux x64) that starts and has WebGL2, or says why not', async () => {
    delete process.env['CHROMIUM_PATH'];
    const found = await resolveChromium();
    if (found.executablePath === undefined && npmChromiumUnsupported() !== undefined) {
      // Another platform with no system Chromium: the reason names every place tried.
      expect(found.reason).toContain('CHROMIUM_PATH is unset');
      expect(found.reason).toContain('Linux x64 only');
      return;
    }
    expect(found.executablePath, found.reason).toBeDefined();
    expect(existsSync(found.executablePath!)).toBe(true);
    const browser = await chromium.launch({ executablePath: found.executablePath!, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const webgl2 = await page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null);
      expect(webgl2).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
