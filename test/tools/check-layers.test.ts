import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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
  it('orders the new layers: startup above engine, logic and three; cli above startup', () => {
    const ok = runOn({
      'src/engine/app.ts': 'export const app = 1;\n',
      'src/three/r.ts': 'export const r = 1;\n',
      'src/startup/wire.ts': "import { app } from '../engine/app.ts';\nimport { r } from '../three/r.ts';\nexport const w = app + r;\n",
      'src/cli/main.ts': "import { w } from '../startup/wire.ts';\nexport const m = w;\n",
    });
    expect(ok.status, ok.out).toBe(0);
    for (const [from, to] of [['engine', 'startup'], ['three', 'startup'], ['startup', 'cli']]) {
      const r = runOn({
        [`src/${to}/x.ts`]: 'export const x = 1;\n',
        [`src/${from}/y.ts`]: `import { x } from '../${to}/x.ts';\nexport const y = x;\n`,
      });
      expect(r.status, `${from} importing ${to} must fail the check`).toBe(1);
      expect(r.out).toContain('layers import only downward');
    }
  });
  it('orders the dev layer between startup and cli', () => {
    const ok = runOn({
      'src/startup/wire.ts': 'export const w = 1;\n',
      'src/dev/server.ts': "import { w } from '../startup/wire.ts';\nexport const s = w;\n",
      'src/cli/main.ts': "import { s } from '../dev/server.ts';\nexport const m = s;\n",
    });
    expect(ok.status, ok.out).toBe(0);
    for (const [from, to] of [['startup', 'dev'], ['dev', 'cli']]) {
      const r = runOn({
        [`src/${to}/x.ts`]: 'export const x = 1;\n',
        [`src/${from}/y.ts`]: `import { x } from '../${to}/x.ts';\nexport const y = x;\n`,
      });
      expect(r.status, `${from} importing ${to} must fail the check`).toBe(1);
      expect(r.out).toContain('layers import only downward');
    }
  });
  it('fails when three and the engine import each other', () => {
    for (const [from, to] of [['three', 'engine'], ['engine', 'three']]) {
      const r = runOn({
        [`src/${to}/x.ts`]: 'export const x = 1;\n',
        [`src/${from}/y.ts`]: `import { x } from '../${to}/x.ts';\nexport const y = x;\n`,
      });
      expect(r.status, `${from} importing ${to} must fail the check`).toBe(1);
      expect(r.out).toContain('never import each other');
    }
  });
  it('fails when three imports platform other than the renderer seam', () => {
    const seam = runOn({
      'src/platform/renderer.ts': 'export interface Renderer { render(): void }\nexport const MESH = 1;\n',
      'src/three/r.ts': "import { MESH, type Renderer } from '../platform/renderer.ts';\nexport const r: Renderer | number = MESH;\n",
    });
    expect(seam.status, seam.out).toBe(0);
    const r = runOn({
      'src/platform/raf-clock.ts': 'export const clock = 1;\n',
      'src/three/r.ts': "import { clock } from '../platform/raf-clock.ts';\nexport const r = clock;\n",
    });
    expect(r.status, 'three importing platform/raf-clock.ts must fail').toBe(1);
    expect(r.out).toContain('only through the renderer seam');
  });
  it('fails when engine or logic import a value from platform; types pass', () => {
    const types = runOn({
      'src/platform/clock.ts': 'export interface Clock { now(): number }\nexport const x = 1;\n',
      'src/engine/a.ts': "import type { Clock } from '../platform/clock.ts';\nimport { type Clock as C2 } from '../platform/clock.ts';\nexport type { Clock } from '../platform/clock.ts';\nexport type A = Clock | C2;\n",
    });
    expect(types.status, types.out).toBe(0);
    for (const layer of ['engine', 'logic']) {
      for (const line of ["import { x } from '../platform/clock.ts';", "import { type Clock, x } from '../platform/clock.ts';", "export { x } from '../platform/clock.ts';", "export * from '../platform/clock.ts';"]) {
        const r = runOn({
          'src/platform/clock.ts': 'export interface Clock { now(): number }\nexport const x = 1;\n',
          [`src/${layer}/a.ts`]: `${line}\nexport const a = 1;\n`,
        });
        expect(r.status, `${layer}: "${line}" must fail`).toBe(1);
        expect(r.out).toContain('import only types from platform');
      }
    }
  });
  it('allows only the listed platform-neutral values (locateStack), and says why in the script', () => {
    const ok = runOn({
      'src/platform/worker-host.ts': 'export function locateStack(s: string) { return s; }\nexport const spawn = 1;\n',
      'src/logic/a.ts': "import { locateStack } from '../platform/worker-host.ts';\nexport const a = locateStack('');\n",
    });
    expect(ok.status, ok.out).toBe(0);
    const bad = runOn({
      'src/platform/worker-host.ts': 'export function locateStack(s: string) { return s; }\nexport const spawn = 1;\n',
      'src/logic/a.ts': "import { locateStack, spawn } from '../platform/worker-host.ts';\nexport const a = [locateStack, spawn];\n",
    });
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('spawn');
    expect(readFileSync(script, 'utf8')).toMatch(/locateStack[\s\S]*why: '[^']*pure function/);
  });
  it('fails when engine, logic or three call timers or the wall clock instead of the clock seam', () => {
    for (const layer of ['engine', 'logic', 'three']) {
      for (const call of ['setTimeout(f, 1)', 'setImmediate(f)', 'setInterval(f, 5)', 'Date.now()', 'performance.now()']) {
        const r = runOn({ [`src/${layer}/a.ts`]: `const f = (): void => {};\nexport const a = () => ${call};\n// setTimeout( in a comment is fine\n` });
        expect(r.status, `${layer} calling ${call} must fail`).toBe(1);
        expect(r.out).toContain('through the clock seam');
      }
    }
    const platform = runOn({ 'src/platform/t.ts': 'export const t = () => setTimeout(() => {}, 1);\n' });
    expect(platform.status, 'platform implements the seam with timers').toBe(0);
  });
});
