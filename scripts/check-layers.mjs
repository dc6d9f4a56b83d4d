#!/usr/bin/env node
// Layer-import check (style G1). The layers, lowest first (a layer imports only lower ones):
//   shared-memory(0) <- protocol(1) <- platform(2) <- engine(3) | logic(3) | three(3) <- startup(4) <- dev(5) <- cli(6)
// (dev: twinframe dev/build, the Vite plugins and the built-in page)
// Rules, each with its own message (the self-test, test/tools/check-layers.test.ts, breaks each one):
//   1. imports go only downward; layers on one level (engine, logic, three) never import each other;
//   2. engine and logic import only TYPES from platform (`import type`, `export type`, or every
//      specifier marked `type`): the start-up wiring chooses implementations. The values allowed
//      are listed in PLATFORM_NEUTRAL_VALUES with the reason each is platform-neutral;
//   3. three (the three.js renderer) reaches the rest only through the renderer seam: from
//      platform it imports only platform/renderer.ts;
//   4. engine, logic and three read and wait on time only through the clock seam: no setTimeout,
//      setInterval, setImmediate, Date.now or performance.now in their code.
// Files under test/, bench/, demo/ and examples/ may import any layer. Non-relative imports (packages) are not checked.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = process.env.TWINFRAME_LAYER_ROOT ? resolve(process.env.TWINFRAME_LAYER_ROOT) : resolve(dirname(new URL(import.meta.url).pathname), '..');
const LEVEL = { 'shared-memory': 0, protocol: 1, platform: 2, engine: 3, logic: 3, three: 3, startup: 4, dev: 5, cli: 6 };
/** Layers whose platform imports must be types only (rule 2). */
const TYPE_ONLY_PLATFORM = new Set(['engine', 'logic']);
/** Value imports from platform that engine and logic may keep (rule 2), by file, with why they are platform-neutral. */
const PLATFORM_NEUTRAL_VALUES = {
  'worker-host.ts': {
    names: ['locateStack'],
    why: 'a pure function over a stack string (no platform API); the logic locates game errors with it',
  },
};
/** The only platform file three may import (rule 3). */
const RENDERER_SEAM = 'renderer.ts';
/** Layers whose code may not touch timers or the wall clock (rule 4). */
const CLOCK_SEAM_ONLY = new Set(['engine', 'logic', 'three']);
const TIME_CALL = /\b(setTimeout|setInterval|setImmediate|Date\.now|performance\.now)\s*\(/;

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

/** The code of a file without comments (strings stay; good enough for import statements and calls). */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

// Static imports and re-exports with their clause; dynamic imports; side-effect imports; worker URLs.
const staticRe = /\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
const otherRe = /import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;

/** Whether an import clause brings in types only; the value names otherwise. */
function valueNames(typeKeyword, clause) {
  if (typeKeyword) return [];
  const braces = clause.match(/\{([\s\S]*)\}/);
  const outside = clause.replace(/\{[\s\S]*\}/, '').replace(/,/g, ' ').trim();
  const names = [];
  if (outside !== '') names.push(outside); // a default or namespace import is a value
  if (braces) {
    for (const part of braces[1].split(',')) {
      const p = part.trim();
      if (p === '' || p.startsWith('type ')) continue;
      names.push(p.split(/\s+as\s+/)[0].trim());
    }
  }
  return names;
}

const violations = [];
for (const file of walk(join(root, 'src'), [])) {
  const from = layerOf(file);
  const where = relative(root, file);
  if (!(from in LEVEL)) {
    violations.push(`${where}: unknown layer "${from}"; add it to scripts/check-layers.mjs`);
    continue;
  }
  const code = stripComments(readFileSync(file, 'utf8'));
  const imports = [];
  for (const m of code.matchAll(staticRe)) imports.push({ spec: m[4], values: valueNames(m[2], m[3]) });
  for (const m of code.matchAll(otherRe)) imports.push({ spec: m[1] ?? m[2] ?? m[3], values: ['*'] });
  for (const { spec, values } of imports) {
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
    const to = layerOf(target);
    if (to === null) {
      violations.push(`${where}: imports "${spec}" outside src/`);
      continue;
    }
    if (to === from) continue;
    if (!(to in LEVEL) || LEVEL[to] > LEVEL[from]) {
      violations.push(`${where}: ${from} (level ${LEVEL[from]}) imports ${to} (level ${LEVEL[to]}) ("${spec}"); layers import only downward`);
      continue;
    }
    if (LEVEL[to] === LEVEL[from]) {
      violations.push(`${where}: ${from} imports ${to} ("${spec}"); engine and logic never import each other, and neither imports three (or three them): move the shared part down to protocol/ or platform/ (three reaches the engine only through platform/renderer.ts)`);
      continue;
    }
    const targetFile = relative(join(root, 'src', to), target);
    if (from === 'three' && to === 'platform' && targetFile !== RENDERER_SEAM) {
      violations.push(`${where}: three imports platform/${targetFile} ("${spec}"); the three.js renderer reaches the rest only through the renderer seam, platform/${RENDERER_SEAM}`);
    }
    if (TYPE_ONLY_PLATFORM.has(from) && to === 'platform') {
      const allowed = PLATFORM_NEUTRAL_VALUES[targetFile]?.names ?? [];
      const bad = values.filter((n) => !allowed.includes(n));
      if (bad.length > 0) {
        violations.push(`${where}: ${from} imports the value(s) ${bad.join(', ')} from platform/${targetFile} ("${spec}"); engine and logic import only types from platform (import type): let the start-up wiring (src/startup/) pass the implementation in, or list a platform-neutral value in PLATFORM_NEUTRAL_VALUES with the reason`);
      }
    }
  }
  if (CLOCK_SEAM_ONLY.has(from)) {
    code.split('\n').forEach((line, i) => {
      const m = line.match(TIME_CALL);
      if (m) violations.push(`${where}:${i + 1}: ${from} calls ${m[1]}; all time (now, delays, yields) goes through the clock seam (platform/clock.ts), passed in by the start-up wiring`);
    });
  }
}
if (violations.length > 0) {
  console.error(`check-layers: ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('check-layers: ok (downward imports only; engine, logic and three apart; engine/logic take only types from platform; three only through the renderer seam; time only through the clock seam)');
