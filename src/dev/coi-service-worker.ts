/**
 * The service-worker fallback of `twinframe build --coi-serviceworker`, for static hosts that
 * cannot send response headers (GitHub Pages, plain file shares): the approach of
 * coi-serviceworker, written small. The page registers the worker; the worker re-fetches every
 * response of the site and adds the isolation headers; the page reloads once, now controlled by
 * the worker, and is cross-origin isolated. Trade-offs (docs/hosting.md): the first visit loads
 * twice; only same-origin and CORS resources can be loaded (COEP require-corp still applies);
 * it needs a secure context (HTTPS or localhost), so never file://; private browsing modes that
 * disable service workers get the isolation message (TF1006).
 */
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers.ts';

/** The worker script's file name, next to index.html in the built site. */
export const COI_SERVICE_WORKER_FILE = 'coi-serviceworker.js';

/** The service worker's source: takes control at once and adds the headers to every response it passes on. */
export function coiServiceWorkerSource(): string {
  return `// twinframe's cross-origin isolation service worker (twinframe build --coi-serviceworker; docs/hosting.md).
// It re-fetches each request of the pages it controls and adds the isolation headers to the response.
const HEADERS = ${JSON.stringify(CROSS_ORIGIN_ISOLATION_HEADERS)};
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request the browser may only answer from its cache, across origins: not ours to re-fetch.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then((response) => {
    if (response.status === 0) return response; // opaque (no-cors) responses cannot be rewritten
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }));
});
`;
}

/**
 * The page's registration script (an inline classic script in the head, so it runs before the
 * page's modules): when the page is not isolated, registers the worker and reloads once it
 * controls the page, with `window.twinframeCoiPending` set meanwhile so the page does not start.
 * One reload per session at most: a page still not isolated after it shows the isolation message.
 */
export function coiRegistrationScript(): string {
  return `(function () {
  var KEY = 'twinframe-coi-reloaded';
  if (window.crossOriginIsolated) { sessionStorage.removeItem(KEY); return; }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || sessionStorage.getItem(KEY) !== null) return;
  window.twinframeCoiPending = true;
  var reload = function () { sessionStorage.setItem(KEY, '1'); location.reload(); };
  navigator.serviceWorker.register(new URL(${JSON.stringify(COI_SERVICE_WORKER_FILE)}, document.baseURI).href).then(function () {
    if (navigator.serviceWorker.controller) reload();
    else navigator.serviceWorker.addEventListener('controllerchange', reload);
  }, function (e) {
    // Reload without trying again: the page then starts and shows the isolation message (TF1006).
    console.error('twinframe: the cross-origin isolation service worker could not be registered: ' + e);
    reload();
  });
})();`;
}
