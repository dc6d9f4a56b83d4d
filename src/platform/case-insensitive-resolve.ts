/**
 * An esbuild plugin that resolves relative imports without regard to letter case, as Windows does:
 * ProtogameJS3D's script trees are written there, so `../Core/Subsystem.js` may name the folder
 * `core/` on disk. An import that differs from the files on disk only by case resolves to them,
 * with one TF3013 warning per distinct spelled path naming both spellings; an import that matches
 * two entries differing only by case (`a/Foo.js` and `a/foo.js`) is ambiguous: TF3014. Imports
 * spelled exactly as on disk are left to esbuild. Used by `bundleForNodeWorker` for host 'protogame'.
 * The resolution core (`lookUpIgnoringCase`) and the messages (`caseProblemMessage`) are shared
 * with the browser's Vite plugin (src/dev/case-insensitive-vite-plugin.ts).
 */
import type { Message, Plugin } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PLATFORM_CODES } from './error-codes.ts';

/** A coded problem found while bundling, at the import that caused it. */
export interface BundleProblem {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What the plugin hands esbuild in a message's `detail`; turned into a BundleProblem once esbuild adds the place. */
interface CaseDetail {
  readonly twinframeCase: 'differs' | 'ambiguous';
  readonly spelled: string;
  readonly onDisk: readonly string[];
}

/** Extensions tried, in esbuild's spirit, when an extensionless import matches no entry. */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.json'] as const;

/** What `lookUpIgnoringCase` found. */
export type Lookup =
  | { readonly kind: 'exact' | 'missing' }
  | { readonly kind: 'differs'; readonly path: string }
  | { readonly kind: 'ambiguous'; readonly paths: readonly string[] };

/**
 * Folder listings read from disk once each (until `clear`): what `lookUpIgnoringCase` compares an
 * import against. Shared by this plugin and the browser's Vite plugin.
 */
export class FolderListings {
  private readonly listings = new Map<string, readonly string[]>();

  /** The entries of `dir` (none when it cannot be read), read on first ask; a bound function for `lookUpIgnoringCase`. */
  readonly list = (dir: string): readonly string[] => {
    let names = this.listings.get(dir);
    if (names === undefined) {
      try {
        names = readdirSync(dir);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names;
  };

  /** Forgets every listing (a file was added or renamed). */
  clear(): void {
    this.listings.clear();
  }
}

/**
 * Creates the plugin (one per build: it warns once per spelled path). Never throws: problems go
 * to esbuild as messages whose `detail` `caseProblem` reads back.
 */
export function caseInsensitiveResolve(): Plugin {
  return {
    name: 'twinframe-case-insensitive-resolve',
    setup(build) {
      const { list } = new FolderListings();
      const warned = new Set<string>();
      // Relative imports only: the entry point is checked to exist as given, and an absolute import
      // would have every folder above it compared without regard to case.
      build.onResolve({ filter: /^\.\.?(?:\/|$)/ }, (args) => {
        if (args.namespace !== 'file' || args.kind === 'entry-point' || args.resolveDir === '') return undefined;
        const found = lookUpIgnoringCase(args.resolveDir, args.path, list);
        const spelled = resolve(args.resolveDir, args.path);
        if (found.kind === 'ambiguous') {
          const detail: CaseDetail = { twinframeCase: 'ambiguous', spelled: args.path, onDisk: found.paths };
          return { errors: [{ text: `import "${args.path}" matches ${found.paths.join(' and ')}, which differ only by letter case`, detail }] };
        }
        if (found.kind !== 'differs') return undefined;
        if (warned.has(spelled)) return { path: found.path };
        warned.add(spelled);
        const detail: CaseDetail = { twinframeCase: 'differs', spelled: args.path, onDisk: [found.path] };
        return { path: found.path, warnings: [{ text: `import "${args.path}" differs from ${found.path} only by letter case`, detail }] };
      });
    },
  };
}

/**
 * Walks `spec` from `dir` one segment at a time, matching each against the folder's entries
 * (`list(dir)`, cached by the caller) without regard to case: 'exact' when spelled as on disk,
 * 'differs' with the path on disk, 'ambiguous' with the entries that differ only by case, or
 * 'missing'. Allocates; runs once per import while bundling.
 */
export function lookUpIgnoringCase(dir: string, spec: string, list: (dir: string) => readonly string[]): Lookup {
  const segments = spec.split('/');
  let current = dir;
  let differs = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      current = dirname(current);
      continue;
    }
    const last = i === segments.length - 1;
    let names = matching(list(current), segment);
    if (names.length === 0 && last) {
      // An extensionless import: the first extension that names an entry, as esbuild tries them.
      for (const ext of EXTENSIONS) {
        names = matching(list(current), segment + ext);
        if (names.length > 0) {
          if (!names.includes(segment + ext)) differs = true;
          break;
        }
      }
    } else if (names.length > 0 && !names.includes(segment)) {
      differs = true;
    }
    if (names.length === 0) return { kind: 'missing' };
    if (names.length > 1) return { kind: 'ambiguous', paths: names.map((n) => join(current, n)) };
    current = join(current, names[0]!);
    if (!last && !isDirectory(current)) return { kind: 'missing' };
  }
  return differs ? { kind: 'differs', path: current } : { kind: 'exact' };
}

function matching(names: readonly string[], segment: string): string[] {
  const folded = segment.toLowerCase();
  return names.filter((n) => n.toLowerCase() === folded);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The coded problem an esbuild message from this plugin stands for (TF3013 for a warning, TF3014
 * for an error), with the import's file, line and column; undefined for any other message.
 */
export function caseProblem(message: Message): BundleProblem | undefined {
  const detail = message.detail as Partial<CaseDetail> | undefined;
  if (detail === null || typeof detail !== 'object' || detail.twinframeCase === undefined || detail.onDisk === undefined) return undefined;
  const loc = message.location;
  const file = loc?.file ? resolve(loc.file) : '';
  const line = loc?.line ?? 0;
  const column = loc === null || loc === undefined ? 0 : loc.column + 1;
  const where = file === '' ? '' : ` in ${file}:${line}:${column}`;
  return { ...caseProblemMessage('bundle', detail.twinframeCase, detail.spelled ?? '', detail.onDisk, where), file, line, column };
}

/**
 * The code and message of a case problem (TF3013 'differs', TF3014 'ambiguous') for the import
 * spelled `spelled`, `where` being ` in file:line:column` or ''; `op` names the resolver
 * ('bundle' in Node, 'resolve' in the browser's dev server and build).
 */
export function caseProblemMessage(op: string, kind: 'differs' | 'ambiguous', spelled: string, onDisk: readonly string[], where: string): { code: string; message: string } {
  if (kind === 'ambiguous') {
    return {
      code: PLATFORM_CODES.IMPORT_CASE_AMBIGUOUS.code,
      message: `${op}: an import matches files that differ only by letter case, so it is ambiguous; got "${spelled}"${where}, matching ${onDisk.join(' and ')}. Rename or remove one of them (on Windows, where the scripts are written, they cannot both exist).`,
    };
  }
  return {
    code: PLATFORM_CODES.IMPORT_CASE_DIFFERS.code,
    message: `${op}: an import differs from the file on disk only by letter case; got "${spelled}"${where}, on disk ${onDisk[0]}. It resolves (host 'protogame' resolves imports as Windows does); spell it as on disk so the tree loads on case-sensitive hosts too.`,
  };
}
