#!/usr/bin/env node
// The twinframe CLI. The sources are TypeScript: tsx's loader runs them without a build step
// (the logic worker itself is bundled to plain JavaScript by esbuild, so it starts fast).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
