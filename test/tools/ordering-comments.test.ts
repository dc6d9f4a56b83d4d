// Style G4 / non-negotiable 6: every Atomics call in src/ says what it publishes or observes in an
// `// ORDERING:` comment within the two lines above it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../../src', import.meta.url).pathname;
function walk(dir: string, out: string[]): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('ORDERING comments', () => {
  it('precede every Atomics call in src/', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of walk(root, [])) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (!/\bAtomics\.(load|store|add|sub|and|or|xor|exchange|compareExchange|wait|waitAsync|notify)\s*\(/.test(code)) return;
        seen++;
        const window = lines.slice(Math.max(0, i - 2), i + 1).join('\n');
        if (!window.includes('ORDERING:')) missing.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(missing, `Atomics calls without an ORDERING: comment in the two lines above:\n${missing.join('\n')}`).toEqual([]);
    // About 110 calls today (rings, state buffers, control block): far fewer means the scan stopped
    // finding them (a broken regex or walk) and the check above would pass vacuously.
    expect(seen, 'the check found the Atomics calls it guards').toBeGreaterThanOrEqual(60);
  });
});
