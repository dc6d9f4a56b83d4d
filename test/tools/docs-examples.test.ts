// Code examples in the docs are real (issue 7): every ```ts and ```js block of README.md and
// docs/*.md (not docs/errors), and every TSDoc `@example` block of the public entry modules (the
// "exports" of package.json, as their sources: src/startup/index.ts, src/logic/index.ts, ...), of
// the modules they re-export from, and of the modules behind the seed-style globals, is written to
// a temp dir and type-checked with the project's compiler options, each 'twinframe' specifier
// mapped to its src entry.
//
// What a block gets:
// - its own imports, when it has any; otherwise an import of every public export it names (from
//   the entry of its own layer first);
// - the seed-style globals (JSEngine, EntityAPI, CameraAPI, Input) typed from their implementations;
// - the few free names of EXAMPLE_CONTEXT below (values an example assumes its reader has), Vite's
//   client types (`?worker&url` imports), and stubs of the reader's own game module (`./game.ts`);
// ```js blocks are checked as JavaScript (checkJs). A block containing `// @docs-skip` is not
// checked (keep those rare: each one is listed in the test output).
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = join(ROOT, 'docs');
const SKIP_MARKER = '@docs-skip';

type ExportTarget = string | { readonly types: string; readonly import: string };
const PACKAGE_EXPORTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, ExportTarget> }).exports;
const specifierOf = (key: string): string => (key === '.' ? 'twinframe' : `twinframe/${key.slice(2)}`);
/** The source of a code entry: "exports" name the compiled `./dist/x/y.js`, built from `src/x/y.ts`. */
const sourceOf = (target: ExportTarget): string | undefined =>
  typeof target === 'string' || !target.import.startsWith('./dist/') ? undefined : join(ROOT, 'src', target.import.slice('./dist/'.length).replace(/\.js$/, '.ts'));

/** Public entries from package.json "exports" (`twinframe`, `twinframe/logic`, `twinframe/node`, ...), as their sources. */
const ENTRIES: readonly { readonly specifier: string; readonly file: string }[] = Object.entries(PACKAGE_EXPORTS).flatMap(([key, target]) => {
  const file = sourceOf(target);
  return file === undefined || key.includes('*') ? [] : [{ specifier: specifierOf(key), file }];
});

/** Every entry as a compiler `paths` entry to its source (entries only: no `twinframe/src/*`). */
const PATHS: Readonly<Record<string, string[]>> = Object.fromEntries(ENTRIES.map((e) => [e.specifier, [e.file]]));

/** The reader's own modules that examples import by relative path: stubs, so the rest is checked. */
const READER_MODULES: Readonly<Record<string, string>> = {
  'game.ts': "import { defineGame } from 'twinframe/logic';\nexport default defineGame({});\n",
  'my-game.ts': "import { defineGame } from 'twinframe/logic';\nexport default defineGame({});\n",
};

/** Modules checked besides the entries and what they re-export: the seed-style globals' surface. */
const EXTRA_MODULES = ['src/logic/entity-api.ts', 'src/logic/camera-api.ts', 'src/logic/game-input.ts', 'src/logic/script-globals.ts'];

/**
 * Names examples may use without declaring them: what a reader of the example already has.
 * Keep this short; prefer self-contained examples.
 */
const EXAMPLE_CONTEXT = `
/// <reference path="${join(ROOT, 'node_modules/vite/client.d.ts')}" />
import type { WorkerHost as __WorkerHost } from '${join(ROOT, 'src/platform/worker-host.ts')}';
import type { InputSink as __InputSink } from '${join(ROOT, 'src/protocol/input-writer.ts')}';
declare global {
  /** The page's canvas. */
  const canvas: HTMLCanvasElement;
  /** Where input goes (an app's \`input\`). */
  const sink: __InputSink;
  /** A worker host (createNodeWorkerHost in Node, createBrowserWorkerHost in pages). */
  const workerHost: __WorkerHost;
  /** URL of a game module. */
  const gameUrl: string;
  /** The reader's drawing function. */
  function draw(now: number): void;
  /** State a seed-style system keeps. */
  let angle: number;
}
export {};
`;

/** The seed-style globals, typed from their implementations (src/logic/script-globals.ts installs them). */
const SEED_GLOBALS = `
import type { JSEngineGlobal } from '${join(ROOT, 'src/logic/script-globals.ts')}';
import type { EntityApi } from '${join(ROOT, 'src/logic/entity-api.ts')}';
import type { CameraApi } from '${join(ROOT, 'src/logic/camera-api.ts')}';
import type { GameInput } from '${join(ROOT, 'src/logic/game-input.ts')}';
declare global {
  const JSEngine: JSEngineGlobal;
  const EntityAPI: Pick<EntityApi, 'createMesh' | 'updatePosition' | 'moveBy' | 'updateOrientation' | 'updateColor' | 'updateScale' | 'destroyEntity' | 'get' | 'has' | 'count'>;
  const CameraAPI: Pick<CameraApi, 'createCamera' | 'updateCamera' | 'updateCameraPosition' | 'updateCameraOrientation' | 'moveCamera' | 'lookAt' | 'setActiveCamera' | 'updateCameraType' | 'destroyCamera' | 'get' | 'activeId'>;
  const Input: GameInput;
}
export {};
`;

interface Example {
  /** Where it comes from, for messages: `docs/guide.md` or `src/engine/app.ts`. */
  readonly source: string;
  /** 1-based line in the source of the block's first code line. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  readonly code: string;
  /** Layer of the source file (engine, logic, cli, ...) or '' for docs. */
  readonly layer: string;
}

const FENCE = /^(\s*)```(\w*)\s*$/;

/** Fenced ts/js blocks of a markdown text; `strip` removes a TSDoc ` * ` prefix first. */
function fencedBlocks(text: string, source: string, layer: string, strip: boolean, within?: (line: number) => boolean): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  let open: { lang: string; start: number; body: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = strip ? lines[i]!.replace(/^\s*\* ?/, '') : lines[i]!;
    const m = FENCE.exec(raw);
    if (open === null) {
      if (m !== null && (within === undefined || within(i))) open = { lang: m[2]!, start: i + 2, body: [] };
      continue;
    }
    if (m !== null && m[2] === '') {
      if (open.lang === 'ts' || open.lang === 'js') out.push({ source, line: open.start, lang: open.lang, code: open.body.join('\n'), layer });
      open = null;
      continue;
    }
    open.body.push(raw);
  }
  return out;
}

function docExamples(): Example[] {
  const out: Example[] = fencedBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'README.md', '', false);
  for (const name of readdirSync(DOCS).sort()) {
    if (!name.endsWith('.md')) continue;
    out.push(...fencedBlocks(readFileSync(join(DOCS, name), 'utf8'), `docs/${name}`, '', false));
  }
  return out;
}

/** The entries and every module they re-export from (`export ... from './x.ts'`), transitively. */
function publicModules(): string[] {
  const seen = new Set<string>();
  const queue = [...ENTRIES.map((e) => e.file), ...EXTRA_MODULES.map((f) => join(ROOT, f))];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^export\s+(?:type\s+)?\{[^}]*\}\s+from\s+'(\.[^']+)'/gm)) queue.push(resolve(dirname(file), m[1]!));
  }
  return [...seen].sort();
}

function tsdocExamples(files: readonly string[]): Example[] {
  const out: Example[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(ROOT, file);
    const layer = rel.split('/')[1] ?? '';
    // Only fences inside a comment that follows an @example tag.
    const lines = text.split('\n');
    let inExample = false;
    const flags = lines.map((l) => {
      if (/@example\b/.test(l)) inExample = true;
      else if (/\*\/\s*$/.test(l)) inExample = false;
      else if (/^\s*\*\s*@\w+/.test(l)) inExample = false;
      return inExample;
    });
    out.push(...fencedBlocks(text, rel, layer, true, (i) => flags[i] === true));
  }
  return out;
}

const PREFERRED: Readonly<Record<string, string>> = { engine: 'twinframe', platform: 'twinframe', startup: 'twinframe', three: 'twinframe/browser', logic: 'twinframe/logic', cli: 'twinframe/node' };

/** Builds the file text of an example: its code, plus imports of the public names it uses when it has none. */
function exampleFile(ex: Example, exportsOf: ReadonlyMap<string, ReadonlySet<string>>): { text: string; prelude: number } {
  const hasImports = /^\s*import\s/m.test(ex.code);
  const imports: string[] = [];
  if (!hasImports && ex.lang === 'ts') {
    const used = new Set(ex.code.match(/[A-Za-z_$][\w$]*/g) ?? []);
    const order = [PREFERRED[ex.layer], ...ENTRIES.map((e) => e.specifier)].filter((s): s is string => s !== undefined);
    const taken = new Set<string>();
    for (const specifier of order) {
      const names = [...(exportsOf.get(specifier) ?? [])].filter((n) => used.has(n) && !taken.has(n));
      for (const n of names) taken.add(n);
      if (names.length > 0 && !imports.some((l) => l.endsWith(`'${specifier}';`))) imports.push(`import { ${names.join(', ')} } from '${specifier}';`);
    }
  }
  // A fragment (no import or export of its own) is the body of an async function, so it may
  // `await` and `return` like the code around it would.
  const fragment = !hasImports && !/^\s*export\s/m.test(ex.code);
  if (fragment) imports.push(ex.lang === 'ts' ? 'export async function example(): Promise<void> {' : 'export async function example() {');
  const head = imports.join('\n');
  const prelude = imports.length;
  return { text: `${head}${head === '' ? '' : '\n'}${ex.code}\n${fragment ? '}\n' : ''}`, prelude };
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    ...parsed.options,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    // Examples declare things to show them; an unused one is not a wrong example.
    noUnusedLocals: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
    // Examples of `twinframe/vite` import Vite itself (a dependency of twinframe), from a temp dir.
    paths: { ...PATHS, vite: [join(ROOT, 'node_modules/vite/dist/node/index.d.ts')] },
  };
}

describe('docs examples', () => {
  it('every ts/js example in docs/*.md and in the public modules\' TSDoc type-checks', () => {
    const examples = [...docExamples(), ...tsdocExamples(publicModules())];
    const checked = examples.filter((e) => !e.code.includes(SKIP_MARKER));
    const skipped = examples.filter((e) => e.code.includes(SKIP_MARKER));
    for (const s of skipped) console.log(`docs-examples: skipped (${SKIP_MARKER}) ${s.source}:${s.line}`);
    expect(checked.length, 'examples were found').toBeGreaterThan(5);

    const options = compilerOptions();
    // Export names of each entry, from the compiler (so re-exports and types are included).
    const entryProgram = ts.createProgram(ENTRIES.map((e) => e.file), options);
    const checker = entryProgram.getTypeChecker();
    const exportsOf = new Map<string, Set<string>>();
    for (const e of ENTRIES) {
      const sf = entryProgram.getSourceFile(e.file)!;
      const symbol = checker.getSymbolAtLocation(sf)!;
      exportsOf.set(e.specifier, new Set(checker.getExportsOfModule(symbol).map((s) => s.name)));
    }

    const dir = mkdtempSync(join(tmpdir(), 'twinframe-docs-examples-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(dir, 'examples'));
      const files: string[] = [join(dir, 'seed-globals.d.ts'), join(dir, 'example-context.d.ts')];
      writeFileSync(files[0]!, SEED_GLOBALS);
      writeFileSync(files[1]!, EXAMPLE_CONTEXT);
      for (const [name, text] of Object.entries(READER_MODULES)) writeFileSync(join(dir, 'examples', name), text);
      const where = new Map<string, { ex: Example; prelude: number }>();
      checked.forEach((ex, i) => {
        const { text, prelude } = exampleFile(ex, exportsOf);
        const file = join(dir, 'examples', `${i}-${ex.source.replace(/[^\w]+/g, '-')}-${ex.line}.${ex.lang}`);
        writeFileSync(file, text);
        files.push(file);
        where.set(file, { ex, prelude });
      });
      const program = ts.createProgram({ rootNames: files, options, oldProgram: entryProgram });
      const problems: string[] = [];
      for (const d of [...program.getGlobalDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()]) {
        const file = d.file?.fileName;
        const origin = file === undefined ? undefined : where.get(resolve(file));
        if (file !== undefined && origin === undefined && !file.startsWith(dir)) continue; // src and libs: tsc checks them
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (origin === undefined || d.start === undefined || d.file === undefined) {
          problems.push(`${file ?? '(options)'}: TS${d.code} ${text}`);
          continue;
        }
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        problems.push(`${origin.ex.source}:${origin.ex.line + line - origin.prelude}: TS${d.code} ${text}`);
      }
      expect(problems, `wrong examples (fix them, or mark a fragment that cannot compile with // ${SKIP_MARKER})`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // two TypeScript programs over every example: ~40 s alone, much more on a busy machine
});
