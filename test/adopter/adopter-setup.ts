/**
 * Vitest global setup: a folder for this run's adopter project (see adopter-project.ts), in the
 * OS temp folder, named in the environment the test workers inherit, and removed after the run
 * (kept with TWINFRAME_ADOPTER_KEEP=1). Nothing is built here: the first adopter test that needs
 * the project builds it, so runs without adopter tests pay nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADOPTER_RUN_DIR_ENV } from './adopter-project.ts';

/** Makes the run's folder; returns the teardown that removes it. */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'twinframe-adopter-'));
  process.env[ADOPTER_RUN_DIR_ENV] = dir;
  return () => {
    if (process.env['TWINFRAME_ADOPTER_KEEP'] === '1') console.log(`[adopter tests] kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
