#!/usr/bin/env node
// The twinframe CLI. An installed package runs the compiled dist/ with plain node. Inside a checkout
// of the repository (src/ next to dist/, tsx installed) it runs the TypeScript sources through
// tsx's loader instead, so the CLI is never an older build than the code being edited.
// TWINFRAME_CLI_DIST=1 forces dist/ (the adopter tests and anyone checking a build use it).
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (process.env.TWINFRAME_CLI_DIST !== '1' && existsSync(sources) && (await tsxRegistered())) {
  ({ main } = await import(sources.href));
} else {
  const compiled = new URL('../dist/cli/main.js', import.meta.url);
  if (!existsSync(compiled)) {
    console.error('twinframe: dist/ is missing (a checkout that was not built). Run `npm install` or `npm run build:lib` in the twinframe folder.');
    process.exit(1);
  }
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));

/** Registers tsx's loader when it is installed (a checkout with its devDependencies); false otherwise. */
async function tsxRegistered() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return true;
  } catch {
    return false;
  }
}
