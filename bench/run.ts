/**
 * `npm run bench [-- --quick] [--json [FILE]] [--only SUBSTRING] [--case SUBSTRING]`: runs every bench suite in one
 * process and prints a table with ratios against the baselines measured in the same run. `--only`
 * picks suite files by path, `--case` the cases inside a suite by name (e.g.
 * `npm run bench -- --only chaos --case watchdog`). With
 * `--json FILE` the results are also written to FILE; with a bare `--json` they are printed to
 * stdout as JSON and the table goes to stderr, so `npm run bench -- --quick --json` pipes clean JSON.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchSuite, CompareWith } from './harness.ts';

interface Row { suite: string; name: string; value: number; unit: string; compare?: CompareWith; target?: string }

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIdx = args.indexOf('--json');
const jsonNext = jsonIdx >= 0 ? args[jsonIdx + 1] : undefined;
const jsonFile = jsonNext !== undefined && !jsonNext.startsWith('--') ? jsonNext : undefined;
/** Bare `--json`: JSON is the only thing on stdout. */
const jsonToStdout = jsonIdx >= 0 && jsonFile === undefined;
const out = (line: string): void => {
  if (jsonToStdout) process.stderr.write(line + '\n');
  else console.log(line);
};
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const caseIdx = args.indexOf('--case');
const onlyCase = caseIdx >= 0 ? args[caseIdx + 1] : undefined;
if (args.includes('--help')) {
  console.log('usage: npm run bench -- [--quick] [--json [FILE]] [--only SUBSTRING] [--case SUBSTRING]');
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
function findSuites(dir: string, out: string[]): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) findSuites(p, out);
    else if (n.endsWith('.bench.ts')) out.push(p);
  }
  return out;
}

const rows: Row[] = [];
const started = performance.now();
for (const file of findSuites(here, [])) {
  if (only && !relative(here, file).includes(only)) continue;
  const mod = (await import(pathToFileURL(file).href)) as { default: BenchSuite };
  const suite = mod.default;
  const ctx: BenchContext = {
    quick,
    report(name, value, unit, opts) {
      rows.push({ suite: suite.name, name, value, unit, compare: opts?.compare, target: opts?.target });
      process.stderr.write(`  ${name} = ${fmt(value)} ${unit}\n`);
    },
    log(line) {
      process.stderr.write(`  ${line}\n`);
    },
    wants(name) {
      return onlyCase === undefined || name.includes(onlyCase);
    },
  };
  process.stderr.write(`[${suite.name}] ${relative(here, file)}\n`);
  try {
    await suite.run(ctx);
  } catch (e) {
    process.stderr.write(`[${suite.name}] FAILED: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(2) + 'G';
  if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

const byName = new Map(rows.map((r) => [r.name, r]));
const table = rows.map((r) => {
  let ratio = '';
  if (r.compare) {
    const b = byName.get(r.compare.baseline);
    if (b && b.value !== 0 && r.value !== 0) {
      const x = r.compare.higherIsBetter ? r.value / b.value : b.value / r.value;
      ratio = `${x.toFixed(x >= 10 ? 0 : 2)}x better than ${r.compare.baseline}`;
    }
  }
  return { suite: r.suite, name: r.name, value: fmt(r.value), unit: r.unit, ratio, target: r.target ?? '' };
});
const w = (k: keyof (typeof table)[number]) => Math.max(k.length, ...table.map((t) => t[k].length));
const cols = ['name', 'value', 'unit', 'target', 'ratio'] as const;
out(cols.map((c) => c.padEnd(w(c))).join('  '));
let last = '';
for (const t of table) {
  if (t.suite !== last) {
    out(`-- ${t.suite}`);
    last = t.suite;
  }
  out(cols.map((c) => (c === 'value' ? t[c].padStart(w(c)) : t[c].padEnd(w(c)))).join('  '));
}
out(`(${rows.length} results in ${((performance.now() - started) / 1000).toFixed(1)} s, node ${process.version}, ${availableParallelism()} cpus${quick ? ', --quick' : ''})`);

if (jsonIdx >= 0) {
  const results: Record<string, { value: number; unit: string }> = {};
  for (const r of rows) results[r.name] = { value: r.value, unit: r.unit };
  const json = JSON.stringify({ node: process.version, cpus: availableParallelism(), quick, results }, null, 2) + '\n';
  if (jsonFile) {
    writeFileSync(jsonFile, json);
    out(`wrote ${jsonFile}`);
  } else {
    process.stdout.write(json);
  }
}
