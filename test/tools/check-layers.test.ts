import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const script = new URL('../../scripts/check-layers.mjs', import.meta.url).pathname;

function runOn(files: Record<string, string>): { status: number | null; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'tf-layers-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      const p = join(root, rel);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, text);
    }
    const r = spawnSync(process.execPath, [script], { env: { ...process.env, TWINFRAME_LAYER_ROOT: root }, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('check-layers', () => {
  it('passes the real tree', () => {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.status, `check-layers on the repo failed:\n${r.stderr}`).toBe(0);
  });
  it('accepts downward imports', () => {
    const r = runOn({
      'src/shared-memory/a.ts': 'export const a = 1;\n',
      'src/protocol/b.ts': "import { a } from '../shared-memory/a.ts';\nexport const b = a;\n",
      'src/engine/c.ts': "import { b } from '../protocol/b.ts';\nexport const c = b;\n",
    });
    expect(r.status, r.out).toBe(0);
  });
  it('fails on an upward import', () => {
    const r = runOn({
      'src/engine/c.ts': 'export const c = 1;\n',
      'src/protocol/b.ts': "import { c } from '../engine/c.ts';\nexport const b = c;\n",
    });
    expect(r.status, 'an upward import must fail the check').toBe(1);
    expect(r.out).toContain('layers import only downward');
  });
  it('fails on engine <-> logic imports, in either direction', () => {
    for (const [from, to] of [['engine', 'logic'], ['logic', 'engine']]) {
      const r = runOn({
        [`src/${to}/x.ts`]: 'export const x = 1;\n',
        [`src/${from}/y.ts`]: `export { x } from '../${to}/x.ts';\n`,
      });
      expect(r.status, `${from} importing ${to} must fail the check`).toBe(1);
      expect(r.out).toContain('engine and logic never import each other');
    }
  });
});
