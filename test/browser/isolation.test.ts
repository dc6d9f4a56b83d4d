// Cross-origin isolation: the dev and preview servers send COOP/COEP on every response (so a
// SharedArrayBuffer reaches a module worker), and a page served without them says which headers
// to set instead of failing silently.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preview } from 'vite';
import type { Browser } from 'playwright-core';
import { crossOriginIsolation } from '../../src/dev/vite-plugin.ts';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import type { IsolationReport } from '../../src/platform/browser-isolation.ts';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { launchChromium } from './helpers/chromium.ts';
import { startViteServer } from './helpers/vite-server.ts';
import type { TestServer } from './helpers/vite-server.ts';

type ResultWindow = { isolationResult?: { report: IsolationReport; workerWrote?: number } };
const COOP = 'cross-origin-opener-policy';
const COEP = 'cross-origin-embedder-policy';

describeInBrowser('cross-origin isolation', () => {
  let isolated: TestServer;
  let plain: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [isolated, plain, browser] = await Promise.all([startViteServer(), startViteServer({ isolation: false }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
  });

  it('is on for the dev server: headers on every response, worker scripts included, and a SharedArrayBuffer reaches a worker', async () => {
    const page = await browser.newPage();
    const responses: { url: string; coop: string | undefined; coep: string | undefined }[] = [];
    page.on('response', (r) => {
      const h = r.headers();
      responses.push({ url: r.url(), coop: h[COOP], coep: h[COEP] });
    });
    await page.goto(`${isolated.url}test/browser/fixtures/isolation.html`);
    await page.waitForFunction(() => (window as unknown as ResultWindow).isolationResult !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as ResultWindow).isolationResult!);
    expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated on the dev server').toBe(true);
    expect(result.report.isolated, 'the check agrees').toBe(true);
    expect(result.workerWrote, 'the module worker wrote into the shared memory').toBe(42);
    const worker = responses.find((r) => r.url.includes('isolation-worker'));
    expect(worker, 'the worker script was fetched').toBeDefined();
    const wrong = responses.filter((r) => r.coop !== 'same-origin' || r.coep !== 'require-corp').map((r) => r.url);
    expect(wrong, 'every response (page, modules, worker) carries both headers').toEqual([]);
    await page.close();
  });

  it('is on for the preview server', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'twinframe-preview-'));
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>preview</title><p>built</p>');
    const server = await preview({
      configFile: false, root: outDir, logLevel: 'error', plugins: [crossOriginIsolation()],
      build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    try {
      const url = server.resolvedUrls?.local[0];
      expect(url, 'the preview server reports its URL').toBeDefined();
      const page = await browser.newPage();
      const response = await page.goto(url!);
      expect(response?.headers()[COOP], 'COOP on the preview server').toBe('same-origin');
      expect(response?.headers()[COEP], 'COEP on the preview server').toBe('require-corp');
      expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated on the preview server').toBe(true);
      await page.close();
    } finally {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('is on for the Node static server of docs/hosting.md, worker scripts included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'twinframe-static-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>static</title><script type="module">' +
      'const w = new Worker("./worker.js", { type: "module" }); w.onmessage = (e) => { window.workerSaw = e.data; };' +
      'w.postMessage(new SharedArrayBuffer(8));</script>');
    writeFileSync(join(root, 'worker.js'), 'self.onmessage = (e) => self.postMessage(e.data instanceof SharedArrayBuffer);');
    const server = await startStaticServer({ root, port: 0 });
    try {
      const page = await browser.newPage();
      const workerResponse = page.waitForResponse((r) => r.url().endsWith('/worker.js'));
      await page.goto(server.url);
      const headers = (await workerResponse).headers();
      expect([headers[COOP], headers[COEP]], 'the worker script carries both headers').toEqual(['same-origin', 'require-corp']);
      await page.waitForFunction(() => (window as unknown as { workerSaw?: boolean }).workerSaw !== undefined, undefined, { timeout: 10_000 });
      expect(await page.evaluate(() => (window as unknown as { workerSaw?: boolean }).workerSaw), 'a SharedArrayBuffer reached the worker').toBe(true);
      await page.close();
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is missing without the headers, and the page names exactly the two headers to set', async () => {
    const page = await browser.newPage();
    await page.goto(`${plain.url}test/browser/fixtures/isolation.html`);
    await page.waitForFunction(() => (window as unknown as ResultWindow).isolationResult !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as ResultWindow).isolationResult!);
    expect(result.report.isolated, 'not isolated without the headers').toBe(false);
    expect(result.report.headersChecked, 'the page read its own response headers').toBe(true);
    expect(result.report.missingHeaders, 'both headers are reported missing').toEqual(['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy']);
    const message = page.locator('#twinframe-isolation');
    expect(await message.isVisible(), 'the message is shown').toBe(true);
    expect(await message.getAttribute('data-code'), 'it carries the code').toBe('TF1006');
    const text = await message.innerText();
    expect(text, 'it names the COOP header and value').toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(text, 'it names the COEP header and value').toContain('Cross-Origin-Embedder-Policy: require-corp');
    expect(text, 'it points to the hosting recipe').toContain('docs/hosting.md');
    await page.close();
  });
});
