#!/usr/bin/env node
// Layer-import check (style G1): fails on an upward import, or on any import between engine and logic.
//   shared-memory(0) <- protocol(1) <- platform(2) <- engine(3) | logic(3) <- cli(4), examples(4)
// Files under test/, bench/ and examples/ may import any layer. Non-relative imports (packages) are not checked.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = process.env.TWINFRAME_LAYER_ROOT ? resolve(process.env.TWINFRAME_LAYER_ROOT) : resolve(dirname(new URL(import.meta.url).pathname), '..');
const LEVEL = { 'shared-memory': 0, protocol: 1, platform: 2, engine: 3, logic: 3, cli: 4 };
const SIBLINGS_FORBIDDEN = new Set(['engine>logic', 'logic>engine']);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

function layerOf(file) {
  const rel = relative(join(root, 'src'), file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;
const violations = [];
for (const file of walk(join(root, 'src'), [])) {
  const from = layerOf(file);
  if (!(from in LEVEL)) {
    violations.push(`${relative(root, file)}: unknown layer "${from}"; add it to scripts/check-layers.mjs`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const to = layerOf(target);
    if (to === null) {
      violations.push(`${relative(root, file)}: imports "${spec}" outside src/`);
      continue;
    }
    if (to === from) continue;
    if (SIBLINGS_FORBIDDEN.has(`${from}>${to}`)) {
      violations.push(`${relative(root, file)}: ${from} imports ${to} ("${spec}"); engine and logic never import each other, move the shared part to protocol/ or shared-memory/`);
    } else if (!(to in LEVEL) || LEVEL[to] >= LEVEL[from]) {
      violations.push(`${relative(root, file)}: ${from} (level ${LEVEL[from]}) imports ${to} (level ${LEVEL[to]}) ("${spec}"); layers import only downward`);
    }
  }
}
if (violations.length > 0) {
  console.error(`check-layers: ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('check-layers: ok (no upward or engine<->logic imports)');
