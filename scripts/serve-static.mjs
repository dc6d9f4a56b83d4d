#!/usr/bin/env node
// A tiny static file server with the two cross-origin isolation headers on every response, no
// dependencies: the "small Node server" recipe of docs/hosting.md, runnable as is.
//   node scripts/serve-static.mjs [folder=dist-demo] [port=8080]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on `host:port` (port 0 picks a free one) with COOP `same-origin` and COEP
 * `require-corp` on every response, errors included (`isolation: false` leaves them out: a host
 * that cannot set headers, for the service-worker fallback's test). Resolves to `{ url, close }`.
 */
export async function startStaticServer({ root, port = 8080, host = '127.0.0.1', isolation = true }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (isolation) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    try {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      let file = join(base, path);
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startStaticServer({ root: process.argv[2] ?? 'dist-demo', port: Number(process.argv[3] ?? 8080) });
  console.log(`serving ${resolve(process.argv[2] ?? 'dist-demo')} at ${url} (cross-origin isolated)`);
}
