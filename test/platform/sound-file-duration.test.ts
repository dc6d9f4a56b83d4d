// soundFileDuration reads the duration a sound file declares without decoding it (what the headless
// RecordingAudioSink ends one-shots with): WAV from its data size and byte rate, MP3 by counting
// frames (after an ID3v2 tag, before an ID3v1 one), Ogg Vorbis / Opus from the last granule
// position; unknown formats and truncated files are undefined.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { soundFileDuration } from '../../src/platform/sound-file-duration.ts';
import { MP3_FRAME_BYTES, silentMp3, silentMp3Seconds } from '../helpers/silent-mp3.ts';

/** One Ogg page holding `packet` whole, with granule position `granule`. */
function oggPage(packet: Uint8Array, granule: number): Uint8Array {
  const page = new Uint8Array(27 + 1 + packet.length);
  page.set([0x4f, 0x67, 0x67, 0x53]); // OggS
  const view = new DataView(page.buffer);
  view.setUint32(6, granule % 2 ** 32, true);
  view.setUint32(10, Math.floor(granule / 2 ** 32), true);
  page[26] = 1;
  page[27] = packet.length;
  page.set(packet, 28);
  return page;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

describe('soundFileDuration', () => {
  it('reads a WAV file: 8000 data bytes at 16000 bytes a second are 0.5 s', () => {
    const wav = readFileSync(new URL('../fixtures/protogame-text-audio/Data/Audio/Tone.wav', import.meta.url));
    expect(soundFileDuration(wav)).toBeCloseTo(0.5, 6);
  });

  it('counts MP3 frames: 1152 samples each at 44.1 kHz, after an ID3v2 tag and before an ID3v1 one', () => {
    expect(soundFileDuration(silentMp3(20))).toBeCloseTo(silentMp3Seconds(20), 9);
    const id3v2 = new Uint8Array(10 + 300);
    id3v2.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 2, 44]); // "ID3", v2.4, size 2 * 128 + 44 = 300 (syncsafe)
    const id3v1 = new Uint8Array(128);
    id3v1.set([0x54, 0x41, 0x47]); // "TAG"
    expect(soundFileDuration(concat(id3v2, silentMp3(7), id3v1))).toBeCloseTo(silentMp3Seconds(7), 9);
    const cut = silentMp3(5).subarray(0, 4 * MP3_FRAME_BYTES + 100);
    expect(soundFileDuration(cut), 'a cut-off last frame does not count').toBeCloseTo(silentMp3Seconds(4), 9);
  });

  it('reads Ogg Vorbis and Opus from the last granule position', () => {
    const vorbisId = new Uint8Array(30);
    vorbisId.set([1, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]); // \x01vorbis
    new DataView(vorbisId.buffer).setUint32(12, 22050, true);
    expect(soundFileDuration(concat(oggPage(vorbisId, 0), oggPage(new Uint8Array(10), 44100)))).toBeCloseTo(2, 9);
    const opusHead = new Uint8Array(19);
    opusHead.set([0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64, 1, 2]); // OpusHead, v1, 2 channels
    new DataView(opusHead.buffer).setUint16(10, 312, true); // pre-skip
    expect(soundFileDuration(concat(oggPage(opusHead, 0), oggPage(new Uint8Array(10), 48000 + 312)))).toBeCloseTo(1, 9);
  });

  it('is undefined for what it cannot read', () => {
    expect(soundFileDuration(new Uint8Array(0))).toBeUndefined();
    expect(soundFileDuration(new TextEncoder().encode('not a sound at all'))).toBeUndefined();
    expect(soundFileDuration(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45])), 'a WAV without chunks').toBeUndefined();
  });
});
