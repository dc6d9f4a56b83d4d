/**
 * Runs a game headless in real worker threads (createNodeApp) until its console prints a line
 * starting with `prefix`, then stops it: for tests that check what the game itself observed.
 */
import { createNodeApp } from '../../src/startup/node-app.ts';
import { MemoryLogger } from '../../src/platform/logger.ts';

/** The first console line of the game at `file` that starts with `prefix`, or '' when none came within 30 s. */
export async function firstConsoleLine(file: string, prefix: string): Promise<string> {
  const app = await createNodeApp({ game: file, fps: 60, logger: new MemoryLogger() });
  let line = '';
  app.on('diagnostic', (d) => { if (d.message.startsWith(prefix)) line = d.message; });
  app.start();
  const t0 = Date.now();
  while (line === '' && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
  await app.stop();
  return line;
}
