/**
 * The duration a sound file declares, read from its bytes without decoding it: what the headless
 * RecordingAudioSink needs to end a one-shot when a browser would (`durationOf`). WAV (PCM data
 * bytes / byte rate), MP3 (MPEG audio frames counted: samples per frame / sample rate, after any
 * ID3v2 tag; MPEG-1, 2 and 2.5, layers I-III), Ogg Vorbis and Ogg Opus (the last page's granule
 * position / the sample rate; Opus minus its pre-skip, at 48 kHz). Anything else, or a file cut
 * short, is undefined (unknown: the headless sink then lets the playback run until stopped).
 * Allocates nothing but the result; load time only.
 */

/** Kilobits per second by [MPEG-1 layer I, II, III, MPEG-2/2.5 layer I, MPEG-2/2.5 layers II and III][index]. */
const BITRATES: readonly (readonly number[])[] = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
/** Sample rates by [MPEG-1, MPEG-2, MPEG-2.5][index]. */
const SAMPLE_RATES: readonly (readonly number[])[] = [[44100, 48000, 32000], [22050, 24000, 16000], [11025, 12000, 8000]];

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const u32le = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Seconds of sound the file declares, or undefined when its format is not one of these or it is cut short. */
export function soundFileDuration(bytes: Uint8Array): number | undefined {
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return wavDuration(bytes);
  if (ascii(bytes, 0, 'OggS')) return oggDuration(bytes);
  return mp3Duration(bytes);
}

function wavDuration(b: Uint8Array): number | undefined {
  let byteRate = 0;
  for (let at = 12; at + 8 <= b.length;) {
    const size = u32le(b, at + 4);
    if (ascii(b, at, 'fmt ') && at + 20 <= b.length) byteRate = u32le(b, at + 16);
    if (ascii(b, at, 'data')) return byteRate > 0 ? Math.min(size, b.length - at - 8) / byteRate : undefined;
    at += 8 + size + (size & 1);
  }
  return undefined;
}

function mp3Duration(b: Uint8Array): number | undefined {
  let at = 0;
  if (ascii(b, 0, 'ID3') && b.length >= 10) {
    // ID3v2: a 10-byte header, a syncsafe size, and a 10-byte footer when flag 0x10 is set.
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    at = 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
  }
  let seconds = 0;
  let frames = 0;
  while (at + 4 <= b.length) {
    const h1 = b[at + 1]!, h2 = b[at + 2]!;
    if (b[at] !== 0xff || (h1 & 0xe0) !== 0xe0) break; // not a frame (end of the audio, e.g. an ID3v1 tag)
    const version = (h1 >> 3) & 3; // 0 MPEG-2.5, 1 reserved, 2 MPEG-2, 3 MPEG-1
    const layer = (h1 >> 1) & 3; // 1 III, 2 II, 3 I
    const bitrateIndex = h2 >> 4, rateIndex = (h2 >> 2) & 3, padding = (h2 >> 1) & 1;
    if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) break;
    const mpeg1 = version === 3;
    const sampleRate = SAMPLE_RATES[mpeg1 ? 0 : version === 2 ? 1 : 2]![rateIndex]!;
    const kbps = BITRATES[mpeg1 ? 3 - layer : layer === 3 ? 3 : 4]![bitrateIndex]!;
    let length: number;
    let samples: number;
    if (layer === 3) {
      length = (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4;
      samples = 384;
    } else if (layer === 2 || mpeg1) {
      length = Math.floor((144 * kbps * 1000) / sampleRate) + padding;
      samples = 1152;
    } else {
      length = Math.floor((72 * kbps * 1000) / sampleRate) + padding;
      samples = 576;
    }
    if (at + length > b.length) break; // a cut-off last frame is not played
    seconds += samples / sampleRate;
    frames++;
    at += length;
  }
  return frames > 0 ? seconds : undefined;
}

function oggDuration(b: Uint8Array): number | undefined {
  // The first page's packet is the codec's identification header.
  if (b.length < 28) return undefined;
  const first = 27 + b[26]!; // page header (27 bytes) + segment table
  let rate: number;
  let preSkip = 0;
  if (ascii(b, first, '\u0001vorbis') && first + 16 <= b.length) {
    rate = u32le(b, first + 12);
  } else if (ascii(b, first, 'OpusHead') && first + 12 <= b.length) {
    rate = 48000; // Opus granule positions count 48 kHz samples whatever the input rate
    preSkip = b[first + 10]! | (b[first + 11]! << 8);
  } else {
    return undefined;
  }
  // The last page's granule position: samples from the start to its end.
  for (let at = b.length - 27; at >= 0; at--) {
    if (!ascii(b, at, 'OggS')) continue;
    const low = u32le(b, at + 6), high = u32le(b, at + 10);
    if (high === 0xffffffff && low === 0xffffffff) continue; // -1: no packet ends on this page
    const granule = high * 2 ** 32 + low;
    return rate > 0 ? Math.max(0, granule - preSkip) / rate : undefined;
  }
  return undefined;
}
