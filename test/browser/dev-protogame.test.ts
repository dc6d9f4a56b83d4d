// `twinframe dev --host protogame` and `twinframe build --host protogame` in Chromium (issue 17,
// items 1-2, browser half): the mixed-case script tree (imports whose letter case differs from its
// files, as written on Windows) loads through the dev server with one TF3013 warning per spelled
// path naming both spellings, creates its entities, and its data root is served; a tree whose
// import matches two files differing only by case is refused with TF3014 naming both; the built
// site of the tree runs from a static server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { runCli, startDevCli, until, type DevProcess } from './helpers/twinframe-cli.ts';
import { writeMixedCaseTree } from '../helpers/mixed-case-tree.ts';


type PageWindow = { twinframePage?: { app?: { stats(): { logic: { frames: number; state: string }; entities: { live: number } } }; error?: { code: string; message: string } } };

async function running(page: Page): Promise<{ frames: number; live: number } | null> {
  return page.evaluate(() => {
    const app = (window as unknown as PageWindow).twinframePage?.app;
    return app === undefined ? null : { frames: app.stats().logic.frames, live: app.stats().entities.live };
  });
}

/** Opens the page and collects the logic's console lines. */
async function open(browser: Browser, url: string): Promise<{ page: Page; lines: string[] }> {
  const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
  const lines: string[] = [];
  page.on('console', (m) => lines.push(m.text()));
  await page.goto(`${url}?overlay=0`);
  return { page, lines };
}

describeInBrowser('twinframe dev/build --host protogame', () => {
  let browser: Browser;
  let dir: string;
  let tree: string;
  let dev: DevProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinframe-devpg-'));
    // The data root holds Data/ and the script tree under Data/Scripts, as the original's Run/ folder.
    tree = join(dir, 'Run');
    writeMixedCaseTree(join(tree, 'Data', 'Scripts')); // the protogame-tree fixture, imports respelled by case
    writeFileSync(join(tree, 'Data', 'readme.txt'), 'served from the data root\n');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the mixed-case tree through the dev server, warns once per spelled path with both spellings, and serves the data root', async () => {
    dev = await startDevCli(['--host', 'protogame', 'Data/Scripts/main.js', '--port', '0'], tree);
    const { page, lines } = await open(browser, dev.url);
    await until('the tree to run with its two entities', () => running(page), (s) => s !== null && s.frames > 3 && s.live === 2);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await until('the tree to report its entities', async () => lines.join('\n'), (t) => t.includes('main: loaded') && /entity-created name=cube id=\d+ .*error=$/m.test(t));
    const out = dev.output();
    const subsystem = out.split('\n').filter((l) => l.includes('TF3013') && l.includes('"../Core/Subsystem.js"'));
    expect(subsystem.length, `one warning for the path both wrappers spell alike:\n${out}`).toBe(1);
    expect(subsystem[0], 'names the spelling and the file on disk').toContain(join(tree, 'Data', 'Scripts', 'core', 'Subsystem.js'));
    expect(out, 'the file-name spelling too').toMatch(/TF3013 .*"\.\/testGame\.js".*TestGame\.js/);
    const data = await page.evaluate(async () => (await fetch('/Data/readme.txt')).text());
    expect(data, 'the data root is served').toContain('served from the data root');
    await page.close();
  }, 120_000);

  it('refuses a tree whose import matches two files that differ only by case (TF3014, naming both)', async () => {
    const amb = join(dir, 'Ambiguous');
    mkdirSync(join(amb, 'Data', 'Scripts', 'lib'), { recursive: true });
    writeFileSync(join(amb, 'Data', 'Scripts', 'lib', 'Util.js'), 'export const which = "Util";\n');
    writeFileSync(join(amb, 'Data', 'Scripts', 'lib', 'util.js'), 'export const which = "util";\n');
    writeFileSync(join(amb, 'Data', 'Scripts', 'main.js'), 'import { which } from "./lib/UTIL.js";\nconsole.log(which);\n');
    const server = await startDevCli(['--host', 'protogame', 'Data/Scripts/main.js', '--port', '0'], amb);
    try {
      const { page } = await open(browser, server.url);
      const error = await until('the error overlay', () => page.evaluate(() => (window as unknown as PageWindow).twinframePage?.error), (e) => e !== undefined);
      expect(error!.code).toBe('TF3014');
      expect(error!.message).toContain('"./lib/UTIL.js"');
      expect(error!.message).toContain(join(amb, 'Data', 'Scripts', 'lib', 'Util.js'));
      expect(error!.message).toContain(join(amb, 'Data', 'Scripts', 'lib', 'util.js'));
      expect(await page.locator('#twinframe-error').getAttribute('data-code')).toBe('TF3014');
      await until('the error in the terminal', async () => server.output(), (o) => o.includes('TF3014'));
      await page.close();
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('builds the tree (with its Data/) into a static site that runs', async () => {
    const out = join(dir, 'site');
    const r = await runCli(['build', '--host', 'protogame', 'Data/Scripts/main.js', '--out', out], tree);
    expect(r.status, r.out).toBe(0);
    expect(r.out, 'the build warns about the case too').toContain('TF3013');
    const server = await startStaticServer({ root: out, port: 0 });
    try {
      const { page } = await open(browser, server.url);
      await until('the built tree to run with its two entities', () => running(page), (s) => s !== null && s.frames > 3 && s.live === 2);
      const data = await page.evaluate(async () => (await fetch('./Data/readme.txt')).text());
      expect(data, 'Data/ is in the site').toContain('served from the data root');
      await page.close();
    } finally {
      await server.close();
    }
  }, 120_000);
});
