import { describe, expect, it } from 'vitest';
import { checkBrowserIsolation, isolationError, isolationHeaderLines } from '../../src/platform/browser-isolation.ts';
import type { IsolationScope } from '../../src/platform/browser-isolation.ts';

function scope(isolated: boolean, headers: Record<string, string> | 'offline', secure = true): IsolationScope {
  return {
    crossOriginIsolated: isolated,
    isSecureContext: secure,
    SharedArrayBuffer: isolated ? SharedArrayBuffer : undefined,
    location: { href: 'http://127.0.0.1:8080/' },
    fetch: async () => {
      if (headers === 'offline') throw new TypeError('Failed to fetch');
      return new Response(null, { headers });
    },
  };
}

describe('checkBrowserIsolation', () => {
  it('reports an isolated page as ready, without fetching', async () => {
    const report = await checkBrowserIsolation({ ...scope(true, {}), fetch: () => Promise.reject(new Error('must not fetch')) });
    expect(report.isolated, 'isolated').toBe(true);
    expect(report.missingHeaders, 'nothing missing').toEqual([]);
  });

  it('names the header the response lacks or sets to another value', async () => {
    const report = await checkBrowserIsolation(scope(false, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'unsafe-none' }));
    expect(report.headersChecked, 'headers were read').toBe(true);
    expect(report.missingHeaders, 'COEP has the wrong value').toEqual(['Cross-Origin-Embedder-Policy']);
  });

  it('lists both headers when the response cannot be read', async () => {
    const report = await checkBrowserIsolation(scope(false, 'offline', false));
    expect(report.headersChecked, 'the fetch failed').toBe(false);
    expect(report.missingHeaders, 'both named').toEqual(['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy']);
    expect(report.secureContext, 'not secure').toBe(false);
  });
});

describe('isolationError', () => {
  it('is TF1006 and names both headers with their values and the hosting recipe', async () => {
    const error = isolationError(await checkBrowserIsolation(scope(false, {})));
    expect(error.code, 'the documented code').toBe('TF1006');
    for (const line of isolationHeaderLines().split('\n')) expect(error.message, `names ${line}`).toContain(line);
    expect(error.message, 'points to the recipe').toContain('docs/hosting.md');
  });
});
