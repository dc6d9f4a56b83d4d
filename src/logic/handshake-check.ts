/**
 * The logic worker's check of its first message: the protocol's handshake shape, every buffer a
 * SharedArrayBuffer, capacities and pacing in range. A failure is described in one line for the
 * TF5040 diagnostic.
 */
import { HANDSHAKE_TYPE, PROTOCOL_VERSION, isHandshake } from '../protocol/handshake.ts';
import type { HandshakeMessage } from '../protocol/handshake.ts';
import { formatValue } from '../protocol/value-format.ts';

const BUFFERS = ['control', 'commands', 'callbacks', 'diagnostics', 'entities', 'cameras', 'input', 'debugDraw'] as const;

/** Returns what is wrong with `m` as a handshake, or '' when it is usable. Allocates; once per worker. */
export function handshakeProblem(m: unknown): string {
  if (!isHandshake(m)) {
    const h = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    return `got ${formatValue(typeof m === 'object' && m !== null ? { type: h.type, protocolVersion: h.protocolVersion } : m)}, expected { type: "${HANDSHAKE_TYPE}", protocolVersion: ${PROTOCOL_VERSION}, buffers, ... }`;
  }
  const h: HandshakeMessage = m;
  for (const name of BUFFERS) {
    if (!(h.buffers[name] instanceof SharedArrayBuffer)) return `got buffers.${name} = ${formatValue(h.buffers[name])}, expected a SharedArrayBuffer`;
  }
  for (const name of ['entityCapacity', 'cameraCapacity', 'entityFront', 'cameraFront', 'debugDrawBack', 'seed'] as const) {
    if (typeof h[name] !== 'number' || !Number.isFinite(h[name])) return `got ${name} = ${formatValue(h[name])}, expected a number`;
  }
  const p = h.pacing as { mode?: unknown; hz?: unknown } | undefined;
  if (p === undefined || p === null || (p.mode !== 'lockstep' && p.mode !== 'free')) return `got pacing = ${formatValue(p)}, expected { mode: 'lockstep' } or { mode: 'free', hz }`;
  if (p.mode === 'free' && !(typeof p.hz === 'number' && p.hz > 0 && p.hz <= 1000)) return `got pacing.hz = ${formatValue(p.hz)}, expected a rate in (0, 1000]`;
  if (h.host !== 'twinframe' && h.host !== 'protogame') return `got host = ${formatValue(h.host)}, expected 'twinframe' or 'protogame'`;
  const d = h.deterministic as { seed?: unknown; epochMs?: unknown } | undefined;
  if (d !== undefined && (typeof d !== 'object' || d === null || typeof d.seed !== 'number' || !Number.isFinite(d.seed) || typeof d.epochMs !== 'number' || !Number.isFinite(d.epochMs))) {
    return `got deterministic = ${formatValue(d)}, expected { seed: number, epochMs: number }`;
  }
  if (h.replay === true && p.mode !== 'lockstep') return `got replay with pacing ${formatValue(p)}, expected lockstep pacing (the replay driver requests every tick)`;
  if (h.gameUrl !== undefined && typeof h.gameUrl !== 'string') return `got gameUrl = ${formatValue(h.gameUrl)}, expected a URL string`;
  return '';
}
