/**
 * Reuse of the logic runtime's bundle across processes without running esbuild: a manifest beside
 * the cached bundle names the files it was built from and a hash of their contents (and of the
 * bundler's own files and esbuild's version). When every one of them is unchanged, the cached
 * bundle is the one a build would write.
 *
 * Why: the runtime is bundled once per process, and the worker cannot start before its bundle
 * exists; each `twinframe run` (a CI job, the starter's `npm test`) paid ~90 ms for esbuild's
 * service start and a build whose output was already on disk. Hashing the ~100 input files
 * (~560 KB) costs ~2-3 ms. Contents, not modification times: npm gives every file of an installed
 * package the same fixed time, so a reinstalled tarball of the same version would look unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** What the manifest holds (JSON): the bundle file and the absolute paths it was built from. */
export interface BundleManifest {
  readonly key: string;
  readonly file: string;
  readonly inputs: readonly string[];
}

/**
 * The hash of `recipe` (esbuild's version and the bundle options) and of the contents of `inputs`,
 * or '' when one of them cannot be read (the bundle is then built).
 */
export function inputsKey(recipe: string, inputs: readonly string[]): string {
  const h = createHash('sha256').update(recipe).update('\0');
  for (const path of inputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return '';
    }
    h.update(path).update('\0').update(bytes).update('\0');
  }
  return h.digest('hex');
}

/**
 * The manifest at `manifestFile` when the bundle it names and every file that bundle needs exist
 * and its inputs are unchanged (see the file comment), else null. Never throws: a missing or bad
 * manifest is null.
 */
export function reusableBundle(manifestFile: string, recipe: string, needs: (file: string) => readonly string[]): BundleManifest | null {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
  } catch {
    return null;
  }
  if (typeof manifest.file !== 'string' || typeof manifest.key !== 'string' || !Array.isArray(manifest.inputs) || manifest.inputs.length === 0) return null;
  if (!needs(manifest.file).every((f) => existsSync(f))) return null;
  const key = inputsKey(recipe, manifest.inputs);
  return key !== '' && key === manifest.key ? manifest : null;
}

/** The manifest text for `file` built from `inputs` (absolute paths), or null when an input cannot be read. */
export function manifestText(file: string, recipe: string, inputs: readonly string[]): string | null {
  const key = inputsKey(recipe, inputs);
  if (key === '') return null;
  const manifest: BundleManifest = { key, file, inputs };
  return JSON.stringify(manifest);
}
