/**
 * Sound files of a pure sine tone, made at test time so a test can prove that a sound is heard at
 * its frequency (not only decoded): `toneWav` writes 16-bit PCM WAV itself, `toneMp3` and `toneOgg`
 * encode with wasm-media-encoders (LAME for MPEG-1 Layer III, libvorbis for Ogg Vorbis, compiled
 * to WebAssembly; a devDependency). Node side only; the page side analyses with tone-analysis.ts.
 */
import { createMp3Encoder, createOggEncoder } from 'wasm-media-encoders';

/** A tone to encode. */
export interface Tone {
  readonly hz: number;
  readonly seconds: number;
  /** Peak amplitude, 0..1. */
  readonly amplitude: number;
  readonly sampleRate: number;
}

/** Mono samples of `tone`, with 5 ms fades in and out (no click at the ends). */
export function toneSamples(tone: Tone): Float32Array {
  const n = Math.round(tone.seconds * tone.sampleRate);
  const fade = Math.round(0.005 * tone.sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const edge = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = tone.amplitude * edge * Math.sin((2 * Math.PI * tone.hz * i) / tone.sampleRate);
  }
  return out;
}

/** A mono 16-bit PCM WAV file of `tone`. */
export function toneWav(tone: Tone): Uint8Array {
  const samples = toneSamples(tone);
  const bytes = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, tone.sampleRate, true);
  v.setUint32(28, tone.sampleRate * 2, true); // bytes per second
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, Math.round(samples[i]! * 32767), true);
  return bytes;
}

/** Concatenates the encoder's outputs (each a view of its WebAssembly memory: copied at once). */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A mono MP3 (MPEG-1 Layer III, 128 kbit/s CBR) of `tone`, encoded by LAME. */
export async function toneMp3(tone: Tone): Promise<Uint8Array> {
  const encoder = await createMp3Encoder();
  encoder.configure({ channels: 1, sampleRate: tone.sampleRate, bitrate: 128 });
  const parts = [encoder.encode([toneSamples(tone)]).slice()];
  parts.push(encoder.finalize().slice());
  return concat(parts);
}

/** A mono Ogg Vorbis file of `tone`, encoded by libvorbis (VBR quality 3). */
export async function toneOgg(tone: Tone): Promise<Uint8Array> {
  const encoder = await createOggEncoder();
  encoder.configure({ channels: 1, sampleRate: tone.sampleRate, vbrQuality: 3 });
  const parts = [encoder.encode([toneSamples(tone)]).slice()];
  parts.push(encoder.finalize().slice());
  return concat(parts);
}
