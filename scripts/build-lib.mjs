#!/usr/bin/env node
// Builds the package's dist/ (npm run build:lib; npm's prepack and prepare run it too): compiles
// src/ with tsc (tsconfig.build.json: ES modules whose relative `.ts` imports are rewritten to
// `.js`, plus `.d.ts` declarations), copies the files of src/ that are not TypeScript (page assets)
// next to them, checks that every target of package.json "exports" exists, and writes
// dist/.build-stamp: a hash of everything the build reads.
//   node scripts/build-lib.mjs             clean build
//   node scripts/build-lib.mjs --if-stale  does nothing when the stamp matches the sources (prepare,
//                                          prepack, and the adopter tests, which need a current dist)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');

/** Every file under dir, sorted (a stable order for the hash). */
function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

/** A hash of the build's inputs: the sources, the compiler settings, the compiler's version, the exports. */
function inputHash() {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(src), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), join(root, 'package.json'), fileURLToPath(import.meta.url)];
  for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

// One build at a time (parallel test files, a prepack during a test run): the others wait, then
// find the stamp fresh. A lock left by a killed build is taken over.
const lock = join(root, '.cache', 'build-lib.lock');
mkdirSync(dirname(lock), { recursive: true });
for (let waited = 0; ; waited += 200) {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    break;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    if (!holderAlive() || waited > 600_000) rmSync(lock, { recursive: true, force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
process.on('exit', () => rmSync(lock, { recursive: true, force: true }));

/** Whether the process that holds the lock still runs (a lock just made may have no pid file yet). */
function holderAlive() {
  let pid;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const hash = inputHash();
if (process.argv.includes('--if-stale') && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) {
  console.log('build-lib: dist/ is up to date');
  process.exit(0);
}

// A clean build: a file deleted from src/ must not linger in dist/ (and in the package).
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`build-lib: tsc failed (exit ${result.status ?? result.signal}); dist/ is incomplete.`);
  process.exit(1);
}

// tsc rewrites the relative `.ts` imports of the JavaScript it emits but not of the declarations;
// published declarations name `.js` files (what every consumer's resolver expects, old or new).
for (const file of filesUnder(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const rewritten = text
    .replace(/^((?:import|export)\b[^\n]*?\bfrom ')(\.\.?\/[^']+)\.ts(';)$/gm, '$1$2.js$3')
    .replace(/\bimport\("(\.\.?\/[^"]+)\.ts"\)/g, 'import("$1.js")');
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// Files the runtime reads that are not TypeScript (for example a page's HTML or CSS) travel with the code.
for (const file of filesUnder(src)) {
  if (/\.(?:[cm]?ts|tsx)$/.test(file)) continue;
  cpSync(file, join(dist, relative(src, file)));
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const missing = [];
for (const [key, target] of Object.entries(pkg.exports)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (!existsSync(join(root, file))) missing.push(`${key} -> ${file}`);
  }
}
if (missing.length > 0) {
  console.error(`build-lib: package.json "exports" names files the build did not produce:\n  ${missing.join('\n  ')}\nAdd their sources under src/ or fix the exports.`);
  process.exit(1);
}
writeFileSync(stampFile, `${hash}\n`);
console.log(`build-lib: built dist/ (${filesUnder(dist).length} files)`);
