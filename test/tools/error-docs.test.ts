// Style G10: every error code has docs/errors/<CODE>.md, and every page there names a real code.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorCodeInfo } from '../../src/shared-memory/twinframe-error.ts';
import { CODE_TABLES, ERROR_CODES, codesOf } from '../../src/shared-memory/error-code-table.ts';

const src = new URL('../../src', import.meta.url).pathname;
const docs = new URL('../../docs/errors', import.meta.url).pathname;

async function allCodes(): Promise<ErrorCodeInfo[]> {
  const out: ErrorCodeInfo[] = [];
  for (const layer of readdirSync(src)) {
    const file = join(src, layer, 'error-codes.ts');
    if (!statSync(join(src, layer)).isDirectory() || !existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, Record<string, ErrorCodeInfo>>;
    for (const table of Object.values(mod)) {
      if (table && typeof table === 'object') for (const info of Object.values(table)) if (info && typeof info.code === 'string') out.push(info);
    }
  }
  return out;
}

describe('error codes', () => {
  it('are unique across layers', async () => {
    const codes = await allCodes();
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const c of codes) {
      if (seen.has(c.code) && seen.get(c.code) !== c.name) dup.push(`${c.code}: ${seen.get(c.code)} and ${c.name}`);
      seen.set(c.code, c.name);
    }
    expect(dup, 'each code names one error').toEqual([]);
    expect(codes.length, 'the registry was found').toBeGreaterThan(0);
  });
  it('each have a page with meaning, example and remedy', async () => {
    const missing: string[] = [];
    for (const c of await allCodes()) {
      const page = join(docs, `${c.code}.md`);
      if (!existsSync(page)) {
        missing.push(`${c.code} (${c.name}): no docs/errors/${c.code}.md`);
        continue;
      }
      const text = readFileSync(page, 'utf8');
      for (const h of ['## Meaning', '## Example', '## What to do']) if (!text.includes(h)) missing.push(`${c.code}: page lacks "${h}"`);
    }
    expect(missing, missing.join('\n')).toEqual([]);
  });
  it('have no page without a code', async () => {
    const codes = new Set((await allCodes()).map((c) => c.code));
    const orphans = existsSync(docs)
      ? readdirSync(docs).filter((f) => /^TF\d{4}\.md$/.test(f) && !codes.has(f.slice(0, 6)))
      : [];
    expect(orphans, 'pages whose code no longer exists').toEqual([]);
  });
  it('come from the one table, each layer selecting only its own tables', async () => {
    const wrong: string[] = [];
    for (const layer of readdirSync(src)) {
      const file = join(src, layer, 'error-codes.ts');
      if (!statSync(join(src, layer)).isDirectory() || !existsSync(file)) continue;
      const mod = (await import(pathToFileURL(file).href)) as Record<string, Record<string, ErrorCodeInfo>>;
      for (const [exported, table] of Object.entries(mod)) {
        for (const info of Object.values(table)) {
          const entry = ERROR_CODES[info.code as keyof typeof ERROR_CODES];
          if (!entry || CODE_TABLES[entry.table].layer !== layer) wrong.push(`${layer}/error-codes.ts ${exported}: ${info.code} belongs to ${entry ? CODE_TABLES[entry.table].layer : 'no table'}`);
        }
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
    const selected = Object.keys(CODE_TABLES).reduce((n, t) => n + Object.keys(codesOf(t as keyof typeof CODE_TABLES)).length, 0);
    expect(selected, 'every entry is in exactly one table').toBe(Object.keys(ERROR_CODES).length);
  });
  it('are read from the table only by the error-codes files', () => {
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.ts') && name !== 'error-codes.ts' && name !== 'error-code-table.ts' && readFileSync(p, 'utf8').includes('error-code-table.ts')) readers.push(p);
      }
    };
    walk(src);
    expect(readers, 'a layer imports codes through its own src/<layer>/error-codes.ts').toEqual([]);
  });
});
