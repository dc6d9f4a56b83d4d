/**
 * `twinframe build`: a static site of the game (programmatic Vite `build` of the built-in page,
 * the logic worker with the game bundled in), plus the header files common static hosts read
 * so every response is cross-origin isolated: `_headers` (Netlify, Cloudflare Pages),
 * `vercel.json` (Vercel), and `HOSTING.md` pointing to docs/hosting.md for the others. With
 * `coiServiceWorker`, also the service worker that adds the headers on hosts that cannot.
 */
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import type { BuildArgs } from './dev-args.ts';
import { DEV_CODES } from './error-codes.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers.ts';
import { COI_SERVICE_WORKER_FILE } from './coi-service-worker.ts';
import { siteConfig } from './site-config.ts';

/** `_headers` for Netlify and Cloudflare Pages: the isolation headers on every path. */
export function netlifyHeaders(): string {
  return `/*\n${Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;
}

/** `vercel.json`: the isolation headers on every path. */
export function vercelJson(): string {
  const headers = Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).map(([key, value]) => ({ key, value }));
  return `${JSON.stringify({ headers: [{ source: '/(.*)', headers }] }, null, 2)}\n`;
}

function hostingNote(coi: boolean): string {
  const lines = Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).map(([k, v]) => `    ${k}: ${v}`).join('\n');
  return `# Hosting this site

Built by \`twinframe build\`. The page needs to be cross-origin isolated (it shares memory with its
logic worker through SharedArrayBuffer), so every response (the page, its scripts, the worker)
must carry:

${lines}

- Netlify, Cloudflare Pages: \`_headers\` (here) does it.
- Vercel: \`vercel.json\` (here) does it.
- nginx, Apache, a Node server, others: see twinframe's docs/hosting.md.
${coi
    ? `- Hosts that cannot set headers (GitHub Pages): \`${COI_SERVICE_WORKER_FILE}\` adds them; the first visit reloads once.\n`
    : '- Hosts that cannot set headers (GitHub Pages): rebuild with `--coi-serviceworker`.\n'}
Serve over HTTPS (or http://localhost); opening index.html as a file:// URL does not work.
`;
}

/** Builds the site into `args.out` (emptied first); rejects with TF6503 when Vite fails. Resolves to the files written. */
export async function buildSite(args: Omit<BuildArgs, 'coiServiceWorker'> & { readonly coiServiceWorker?: boolean; readonly logLevel?: 'info' | 'warn' | 'error' | 'silent' }): Promise<string[]> {
  const coi = args.coiServiceWorker === true;
  const base = siteConfig({ game: args.game, root: args.root, host: args.host, coiServiceWorker: coi });
  try {
    await build({
      ...base,
      logLevel: args.logLevel ?? 'warn',
      // three.js alone minifies to ~700 kB: Vite's default 500 kB chunk warning fires on every
      // game and tells the user nothing they can act on; 2 MB still flags a game that bundles assets.
      build: { outDir: args.out, emptyOutDir: true, target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000, rollupOptions: { input: join(args.root, 'index.html') } },
    });
  } catch (e) {
    throw new TwinframeError(DEV_CODES.DEV_SERVER_FAILED.code, `Cli.build: the build failed; got ${e instanceof Error ? e.message.split('\n')[0] : String(e)}. Fix the error in the game (twinframe dev shows it in the page) and build again.`);
  }
  writeFileSync(join(args.out, '_headers'), netlifyHeaders());
  writeFileSync(join(args.out, 'vercel.json'), vercelJson());
  writeFileSync(join(args.out, 'HOSTING.md'), hostingNote(coi));
  if (args.host === 'protogame') {
    // The scripts read Data/... relative to the data root, which is the site's root.
    const data = readdirSync(args.root).find((n) => n.toLowerCase() === 'data');
    if (data !== undefined && existsSync(join(args.root, data))) cpSync(join(args.root, data), join(args.out, data), { recursive: true });
  }
  return readdirSync(args.out, { recursive: true }).map(String);
}
