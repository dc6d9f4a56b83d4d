// The committed API report (api-report/*.api.md) matches the public entries' exports and
// signatures; a change to the public surface without `npm run api-report` fails here.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const script = new URL('../../scripts/api-report.mjs', import.meta.url).pathname;
const committed = new URL('../../api-report', import.meta.url).pathname;

function check(dir?: string): { status: number | null; out: string } {
  const env = dir === undefined ? process.env : { ...process.env, TWINFRAME_API_REPORT_DIR: dir };
  const r = spawnSync(process.execPath, [script, '--check'], { env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('API report', () => {
  it('matches the code of every public entry', () => {
    const r = check();
    expect(r.status, r.out).toBe(0);
  }, 60_000);

  it('fails, naming the entry and `npm run api-report`, when the report and the code differ', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-api-report-'));
    try {
      cpSync(committed, dir, { recursive: true });
      const file = join(dir, 'twinframe.api.md');
      // The code has an export the report lacks: as if createApp were added without updating it.
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^function createApp\(.*\n/m, ''));
      const r = check(dir);
      expect(r.status, 'a stale report must fail the check').toBe(1);
      expect(r.out).toContain('twinframe.api.md');
      expect(r.out).toContain('npm run api-report');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports the narrow App: test hooks are not on it, but on twinframe/testing', () => {
    const app = readFileSync(join(committed, 'twinframe.api.md'), 'utf8');
    const block = app.slice(app.indexOf('interface App {'), app.indexOf('}', app.indexOf('interface App {')));
    for (const hook of ['runFrame', 'injectPublishFault', 'resetTimings', 'logic:']) expect(block, `App must not expose ${hook}`).not.toContain(hook);
    const testing = readFileSync(join(committed, 'twinframe-testing.api.md'), 'utf8');
    expect(testing).toContain('function testHooks(app: App): AppTestHooks;');
  });
});
