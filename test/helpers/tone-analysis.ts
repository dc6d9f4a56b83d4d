/**
 * What a rendering of a tone sounds like, measured: its RMS and the frequency where its spectrum
 * peaks (a Goertzel filter bank: the power of each candidate frequency, computed directly, so no FFT
 * library is needed and the resolution is the step asked for). Plain TypeScript with no imports:
 * used in pages (run by Chromium through the dev server) and in Node.
 */

/** Root mean square of `samples[from..to)`. */
export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/** Power of frequency `hz` in `samples[from..to)` (Goertzel). */
export function powerAt(samples: Float32Array, sampleRate: number, hz: number, from = 0, to = samples.length): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = samples[i]! + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/** The frequency among `lowHz, lowHz + stepHz, ... <= highHz` with the most power in `samples[from..to)`. */
export function peakFrequency(samples: Float32Array, sampleRate: number, lowHz: number, highHz: number, stepHz: number, from = 0, to = samples.length): number {
  let best = lowHz;
  let bestPower = -1;
  for (let hz = lowHz; hz <= highHz; hz += stepHz) {
    const p = powerAt(samples, sampleRate, hz, from, to);
    if (p > bestPower) {
      bestPower = p;
      best = hz;
    }
  }
  return best;
}

/** The frequency of the loudest bin of an AnalyserNode's `getFloatFrequencyData` (decibels per bin). */
export function analyserPeakHz(decibels: Float32Array, sampleRate: number, fftSize: number): number {
  let best = 0;
  for (let i = 1; i < decibels.length; i++) if (decibels[i]! > decibels[best]!) best = i;
  return (best * sampleRate) / fftSize;
}
