// Non-negotiable 3 / issue 12: every `throw` in src/ raises a coded error. The TypeScript checker
// reads each throw statement: the thrown value's type must be TwinframeError (built in place or
// returned by a helper such as optionError or isolationError). The one exception is a rethrow of
// the enclosing catch clause's own variable: it propagates an error unchanged and raises nothing.
// A self-test proves the walk finds an uncoded throw.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('../../src', import.meta.url).pathname;
const errorModule = join(root, 'shared-memory', 'twinframe-error.ts');

function walk(dir: string, out: string[]): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.ts') && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = new URL('../../tsconfig.json', import.meta.url).pathname;
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, (p) => ts.sys.readFile(p)).config, ts.sys, join(configPath, '..'));
  return { ...parsed.options, noEmit: true };
}

function isTwinframeErrorType(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isTwinframeErrorType);
  const seen = new Set<ts.Type>();
  const stack: ts.Type[] = [type];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t.getSymbol()?.getName() === 'TwinframeError') return true;
    for (const base of t.getBaseTypes?.() ?? []) stack.push(base);
  }
  return false;
}

function isRethrowOfCaught(node: ts.ThrowStatement): boolean {
  const e = node.expression;
  if (!ts.isIdentifier(e)) return false;
  for (let p: ts.Node | undefined = node.parent; p !== undefined; p = p.parent) {
    if (ts.isCatchClause(p)) {
      const v = p.variableDeclaration?.name;
      if (v !== undefined && ts.isIdentifier(v) && v.text === e.text) return true;
    }
    if (ts.isFunctionLike(p) && p.parent !== undefined && ts.isCallExpression(p.parent)) {
      // `.catch((e) => { ...; throw e; })`: the parameter is the caught error
      const param = p.parameters[0]?.name;
      const callee = p.parent.expression;
      if (param !== undefined && ts.isIdentifier(param) && param.text === e.text && ts.isPropertyAccessExpression(callee) && callee.name.text === 'catch') return true;
    }
  }
  return false;
}

/** `file:line: throw ...` for every throw in `files` that does not raise a TwinframeError. */
function uncodedThrows(files: string[]): string[] {
  const program = ts.createProgram(files, compilerOptions());
  const checker = program.getTypeChecker();
  const bad: string[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isThrowStatement(node) && !isRethrowOfCaught(node) && !isTwinframeErrorType(checker.getTypeAtLocation(node.expression))) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        bad.push(`${relative(root, file)}:${line + 1}: ${node.getText(sf).slice(0, 100)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return bad;
}

describe('coded throws', () => {
  it('every throw in src/ raises a TwinframeError (or rethrows what it caught)', () => {
    const files = walk(root, []);
    expect(files.length, 'the walk found src').toBeGreaterThan(50);
    expect(uncodedThrows(files)).toEqual([]);
  }, 120_000);

  it('finds an uncoded throw, and accepts coded throws, helpers and rethrows (self-test)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinframe-throws-'));
    try {
      const file = join(dir, 'sample.ts');
      writeFileSync(file, [
        `import { TwinframeError } from ${JSON.stringify(errorModule)};`,
        `function coded(): TwinframeError { return new TwinframeError('TF1000', 'x'); }`,
        `export function a(n: number): void {`,
        `  if (n === 1) throw new TwinframeError('TF1000', 'x');`,
        `  if (n === 2) throw coded();`,
        `  try { a(n + 1); } catch (e) { throw e; }`,
        `  if (n === 3) throw new RangeError('plain');`,
        `}`,
      ].join('\n'));
      expect(uncodedThrows([file]).map((l) => l.replace(/^.*sample\.ts/, 'sample.ts'))).toEqual(["sample.ts:7: throw new RangeError('plain');"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
