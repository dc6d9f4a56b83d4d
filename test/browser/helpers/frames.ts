/**
 * Measures a page's requestAnimationFrame cadence from inside the page: frames per second and
 * the longest gap between two frames over `ms` milliseconds. Behaviour checks only (did the
 * engine keep drawing), never tight frame-rate assertions: SwiftShader is slow.
 */
import type { Page } from 'playwright-core';

/** What measureFrames saw. */
export interface FrameCadence {
  readonly frames: number;
  readonly fps: number;
  readonly maxGapMs: number;
}

/** Counts animation frames in the page for `ms` milliseconds. */
export function measureFrames(page: Page, ms: number): Promise<FrameCadence> {
  return page.evaluate((duration) => new Promise<FrameCadence>((resolve) => {
    const t0 = performance.now();
    let last = t0;
    let frames = 0;
    let maxGapMs = 0;
    const tick = (t: number): void => {
      frames++;
      maxGapMs = Math.max(maxGapMs, t - last);
      last = t;
      if (t - t0 < duration) requestAnimationFrame(tick);
      else resolve({ frames, fps: (frames * 1000) / (t - t0), maxGapMs });
    };
    requestAnimationFrame(tick);
  }), ms);
}
