/**
 * The cross-origin isolation check of a browser page: twinframe needs `SharedArrayBuffer`, which
 * browsers only give to cross-origin isolated pages (served with COOP and COEP headers, from a
 * secure context). When it is missing, the page must say which headers to set, never fail
 * silently: `checkBrowserIsolation` finds out what is missing, `showIsolationMessage` says it.
 */
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { SHARED_MEMORY_CODES } from '../shared-memory/error-codes.ts';

/** The two response headers (name and required value) that make a page cross-origin isolated. */
export const ISOLATION_HEADERS = [
  { name: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { name: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
] as const;

/** Where the hosting recipe lives, for messages. */
export const HOSTING_DOC = 'docs/hosting.md';

/** What `checkBrowserIsolation` found. */
export interface IsolationReport {
  /** True when `crossOriginIsolated` is true and `SharedArrayBuffer` exists: twinframe can run. */
  readonly isolated: boolean;
  /** `globalThis.crossOriginIsolated`. */
  readonly crossOriginIsolated: boolean;
  /** Whether the `SharedArrayBuffer` constructor exists. */
  readonly sharedArrayBuffer: boolean;
  /** `globalThis.isSecureContext` (HTTPS, or http://localhost / 127.0.0.1). */
  readonly secureContext: boolean;
  /**
   * Names of the isolation headers the page's response lacks (or has with another value). When
   * the headers could not be read (`headersChecked` false), both are listed.
   */
  readonly missingHeaders: readonly string[];
  /** True when the page's own response headers were fetched and compared. */
  readonly headersChecked: boolean;
}

/** The global properties the check reads (a `window` or a worker scope; injectable for tests). */
export interface IsolationScope {
  readonly crossOriginIsolated?: boolean;
  readonly isSecureContext?: boolean;
  readonly SharedArrayBuffer?: unknown;
  readonly location?: { readonly href: string };
  readonly fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

/**
 * Reports whether the page is cross-origin isolated and, if not, which headers its response
 * lacks (one `HEAD` request for the page's own URL; only made when isolation is missing).
 * Allocates; call once at start-up. Never rejects.
 *
 * @example
 * ```ts
 * const report = await checkBrowserIsolation();
 * if (!report.isolated) { showIsolationMessage(document.body, report); return; }
 * ```
 */
export async function checkBrowserIsolation(scope: IsolationScope = globalThis as IsolationScope): Promise<IsolationReport> {
  const crossOriginIsolated = scope.crossOriginIsolated === true;
  const sharedArrayBuffer = typeof scope.SharedArrayBuffer === 'function';
  const secureContext = scope.isSecureContext === true;
  const isolated = crossOriginIsolated && sharedArrayBuffer;
  let missing: string[] = ISOLATION_HEADERS.map((h) => h.name);
  let headersChecked = false;
  if (isolated) {
    missing = [];
  } else if (typeof scope.fetch === 'function' && scope.location !== undefined) {
    try {
      const response = await scope.fetch(scope.location.href, { method: 'HEAD', cache: 'no-store' });
      missing = ISOLATION_HEADERS.filter((h) => (response.headers.get(h.name) ?? '').trim().toLowerCase() !== h.value).map((h) => h.name);
      headersChecked = true;
    } catch {
      // Offline or blocked: keep listing both headers, which is always correct advice.
    }
  }
  return { isolated, crossOriginIsolated, sharedArrayBuffer, secureContext, missingHeaders: missing, headersChecked };
}

/** The headers to set, one `Name: value` per line (for messages and the page). */
export function isolationHeaderLines(): string {
  return ISOLATION_HEADERS.map((h) => `${h.name}: ${h.value}`).join('\n');
}

/**
 * The coded error (`TF1006`) for a page that is not isolated: names both headers, what is missing
 * and the hosting recipe. Allocates.
 */
export function isolationError(report: IsolationReport): TwinframeError {
  const got = `crossOriginIsolated=${report.crossOriginIsolated}, SharedArrayBuffer ${report.sharedArrayBuffer ? 'present' : 'missing'}` +
    (report.headersChecked ? `, headers missing: ${report.missingHeaders.join(', ') || 'none'}` : '') +
    (report.secureContext ? '' : ', not a secure context');
  const remedy = report.secureContext
    ? `Serve the page and every script (workers included) with both headers; see ${HOSTING_DOC}.`
    : `Serve the page over HTTPS (or from localhost) with both headers; see ${HOSTING_DOC}.`;
  return new TwinframeError(
    SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code,
    `Browser.checkIsolation: the page is not cross-origin isolated, so SharedArrayBuffer is unavailable; got ${got}, expected the response headers ` +
      `${ISOLATION_HEADERS.map((h) => `'${h.name}: ${h.value}'`).join(' and ')}. ${remedy}`,
    { ...report },
  );
}

/**
 * Replaces the contents of `container` with a readable explanation: the two headers to set (as
 * copyable text), which of them the response lacks, the secure-context requirement when it
 * applies, and a pointer to docs/hosting.md. Returns the element it added (`#twinframe-isolation`).
 */
export function showIsolationMessage(container: HTMLElement, report: IsolationReport): HTMLElement {
  const doc = container.ownerDocument;
  const box = doc.createElement('section');
  box.id = 'twinframe-isolation';
  box.setAttribute('role', 'alert');
  box.dataset['code'] = SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code;
  box.style.cssText = 'max-width:46rem;margin:3rem auto;padding:1.5rem 2rem;font:16px/1.5 system-ui,sans-serif;' +
    'color:#e8e8ec;background:#2a1d22;border:1px solid #a04850;border-radius:8px';
  const add = (tag: string, text: string, css = ''): HTMLElement => {
    const el = doc.createElement(tag);
    el.textContent = text;
    if (css) el.style.cssText = css;
    box.appendChild(el);
    return el;
  };
  add('h1', 'This page is not cross-origin isolated', 'font-size:1.4rem;margin:0 0 .5rem');
  add('p', 'twinframe runs the game on a worker thread that shares memory with the page ' +
    '(SharedArrayBuffer). Browsers only allow that when the server sends these two headers on ' +
    'every response: the page, its scripts and its worker scripts.');
  add('pre', isolationHeaderLines(), 'background:#15121a;padding:.75rem 1rem;border-radius:6px;font-size:15px;user-select:all');
  if (report.headersChecked) {
    add('p', report.missingHeaders.length > 0
      ? `Missing or different on this response: ${report.missingHeaders.join(' and ')}.`
      : 'The page itself has both headers: check that every script and worker script is served with them too.');
  }
  if (!report.secureContext) {
    add('p', 'The page is also not a secure context: serve it over HTTPS, or from localhost / 127.0.0.1.');
  }
  add('p', `How to set them on nginx, Netlify, Cloudflare Pages or a small Node server: ${HOSTING_DOC} in the twinframe repository. ` +
    `Error ${SHARED_MEMORY_CODES.SHARED_ARRAY_BUFFER_UNAVAILABLE.code}.`);
  container.replaceChildren(box);
  return box;
}
