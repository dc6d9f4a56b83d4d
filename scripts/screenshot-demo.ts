/**
 * Writes docs/demo.png: the demo page with its overlay, as a browser shows it (headless Chromium,
 * software WebGL). `node --import tsx scripts/screenshot-demo.ts`.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/browser/helpers/chromium.ts';
import { startViteServer } from '../test/browser/helpers/vite-server.ts';
import { openDemo } from '../test/browser/helpers/demo-page.ts';

const out = fileURLToPath(new URL('../docs/demo.png', import.meta.url));
const server = await startViteServer();
const browser = await launchChromium();
try {
  const page = await openDemo(browser, `${server.url}demo/index.html?count=300`, { width: 1100, height: 620 });
  await page.waitForTimeout(4000);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
