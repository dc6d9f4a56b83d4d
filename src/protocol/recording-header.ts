/** Checks a RecordingHeader's shape, for the encoder (bad input) and the decoder (bad file) alike. */
import type { RecordingHeader } from './recording.ts';

const STRINGS = ['twinframeVersion', 'bundleHash', 'gamePath', 'createdAt'] as const;
const NUMBERS = ['logicHz', 'seed', 'epochMs'] as const;
const CAPACITIES = ['entityCapacity', 'cameraCapacity'] as const;

/** The first thing wrong with `h` as a RecordingHeader (field and value), or null when it is one. */
export function recordingHeaderProblem(h: unknown): string | null {
  if (h === null || typeof h !== 'object' || Array.isArray(h)) return `the header is not an object (${h === null ? 'null' : Array.isArray(h) ? 'array' : typeof h})`;
  const r = h as Record<string, unknown>;
  if (typeof r.formatVersion !== 'number' || !Number.isInteger(r.formatVersion)) return `formatVersion is not an integer (${String(r.formatVersion)})`;
  for (const k of STRINGS) if (typeof r[k] !== 'string') return `${k} is not a string (${typeof r[k]})`;
  for (const k of NUMBERS) if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) return `${k} is not a finite number (${String(r[k])})`;
  for (const k of CAPACITIES) {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return `${k} is not a positive integer (${String(v)})`;
  }
  if (r.host !== 'twinframe' && r.host !== 'protogame') return `host is not 'twinframe' or 'protogame' (${String(r.host)})`;
  if (r.pacing !== 'lockstep' && r.pacing !== 'free') return `pacing is not 'lockstep' or 'free' (${String(r.pacing)})`;
  if (r.kind !== 'full' && r.kind !== 'flight') return `kind is not 'full' or 'flight' (${String(r.kind)})`;
  const o = r.gameOptions;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'gameOptions is not an object';
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) return `gameOptions.${k} is not a string, finite number or boolean (${String(v)})`;
  }
  return null;
}

/** A plain copy of a checked header holding exactly the model's fields plus any extra ones (kept for forward compatibility). */
export function copyRecordingHeader(h: RecordingHeader): RecordingHeader {
  return { ...h, gameOptions: { ...h.gameOptions } };
}
