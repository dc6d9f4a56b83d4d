/**
 * An MP3 file made of valid MPEG-1 Layer III frames of silence (no encoder needed): each frame is
 * the 4-byte header FF FB 90 64 (MPEG-1, Layer III, no CRC, 128 kbit/s, 44.1 kHz, no padding,
 * joint stereo) followed by zeroed side information and main data, 417 bytes in all, and decodes
 * to 1152 silent samples per channel. Decoders (Chromium's included) take it as a 2-channel
 * 44.1 kHz stream of `frames * 1152` samples.
 */

/** Bytes of one frame at 128 kbit/s and 44.1 kHz without padding: floor(144 * 128000 / 44100). */
export const MP3_FRAME_BYTES = 417;
/** Samples one MPEG-1 Layer III frame decodes to, per channel. */
export const MP3_FRAME_SAMPLES = 1152;
export const MP3_SAMPLE_RATE = 44100;

/** `frames` frames of silence: a playable MP3 of `frames * 1152 / 44100` seconds. */
export function silentMp3(frames: number): Uint8Array {
  const out = new Uint8Array(frames * MP3_FRAME_BYTES);
  for (let i = 0; i < frames; i++) out.set([0xff, 0xfb, 0x90, 0x64], i * MP3_FRAME_BYTES);
  return out;
}

/** Seconds `silentMp3(frames)` plays. */
export function silentMp3Seconds(frames: number): number {
  return (frames * MP3_FRAME_SAMPLES) / MP3_SAMPLE_RATE;
}
