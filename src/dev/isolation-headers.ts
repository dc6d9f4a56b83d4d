/**
 * The response headers that make a page cross-origin isolated (so it may use
 * `SharedArrayBuffer`), written once for the dev and preview servers, the built site's header
 * files and the service worker fallback (docs/hosting.md lists the same three).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * COOP and COEP make the page cross-origin isolated; CORP `same-origin` lets this origin's own
 * resources load under any embedder policy (and keeps other sites from embedding them).
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** A connect-style middleware that sets the isolation headers on every response, then passes on. */
export function setIsolationHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) res.setHeader(name, value);
  next();
}
