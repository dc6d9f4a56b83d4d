/**
 * The canvas's drawing size for the three.js renderer: its CSS size (followed with a
 * ResizeObserver) and the device pixel ratio (followed with a `resolution` media query, capped),
 * applied to the WebGL drawing buffer at the start of a frame, never in the middle of one.
 */
import type { WebGLRenderer } from 'three';
import { TwinframeError } from '../shared-memory/twinframe-error.ts';
import { THREE_RENDERER_CODES } from './error-codes.ts';

/** The subset of `ThreeRendererOptions` the viewport reads. */
export interface ThreeViewportOptions {
  readonly pixelRatio?: number;
  readonly maxPixelRatio?: number;
  readonly autoResize?: boolean;
}

function checkRatio(op: string, name: string, value: number): void {
  if (!(value > 0 && value <= 16)) {
    throw new TwinframeError(
      THREE_RENDERER_CODES.RENDERER_BAD_OPTION.code,
      `ThreeRenderer.${op}: ${name} is invalid; got ${value}, expected a number in (0, 16]. Use 1 for CSS pixels, devicePixelRatio for sharp output.`,
      { option: name, value },
    );
  }
}

/** Tracks the canvas's CSS size and pixel ratio; `apply` resizes the drawing buffer when they changed. */
export class ThreeViewport {
  /** Current CSS width in pixels (0 while the canvas is not laid out). */
  cssWidth: number;
  /** Current CSS height in pixels. */
  cssHeight: number;
  private fixedRatio: number | undefined;
  private readonly maxRatio: number;
  private dirty = true;
  private observer: ResizeObserver | undefined;
  private query: MediaQueryList | undefined;

  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    const box = entries[entries.length - 1]!.contentRect;
    this.cssWidth = box.width;
    this.cssHeight = box.height;
    this.dirty = true;
  };

  private readonly onRatioChange = (): void => {
    this.dirty = true;
    this.watchRatio();
  };

  /** Starts following the canvas (unless `autoResize` is false). Allocates; setup only. */
  constructor(canvas: HTMLCanvasElement, options: ThreeViewportOptions) {
    if (options.pixelRatio !== undefined) checkRatio('constructor', 'pixelRatio', options.pixelRatio);
    if (options.maxPixelRatio !== undefined) checkRatio('constructor', 'maxPixelRatio', options.maxPixelRatio);
    this.fixedRatio = options.pixelRatio;
    this.maxRatio = options.maxPixelRatio ?? 2;
    this.cssWidth = canvas.clientWidth || canvas.width;
    this.cssHeight = canvas.clientHeight || canvas.height;
    if (options.autoResize === false) return;
    if (typeof ResizeObserver === 'function') {
      this.observer = new ResizeObserver(this.onResize);
      this.observer.observe(canvas);
    }
    this.watchRatio();
  }

  /** The pixel ratio in use: the fixed one, else the device's, capped by `maxPixelRatio`. */
  get pixelRatio(): number {
    const device = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
    return Math.min(this.fixedRatio ?? device, this.maxRatio);
  }

  /** Sets the CSS size (and optionally a fixed ratio) explicitly; applied by the next `apply`. */
  set(cssWidth: number, cssHeight: number, pixelRatio?: number): void {
    if (!(cssWidth >= 0 && cssHeight >= 0 && cssWidth < 1e5 && cssHeight < 1e5)) {
      throw new TwinframeError(
        THREE_RENDERER_CODES.RENDERER_BAD_OPTION.code,
        `ThreeRenderer.setSize: size is invalid; got ${cssWidth}x${cssHeight}, expected CSS pixels in [0, 100000). Pass the canvas's CSS width and height.`,
        { cssWidth, cssHeight },
      );
    }
    if (pixelRatio !== undefined) checkRatio('setSize', 'pixelRatio', pixelRatio);
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    if (pixelRatio !== undefined) this.fixedRatio = pixelRatio;
    this.dirty = true;
  }

  /** Resizes the drawing buffer if the size or ratio changed; returns true when it did. */
  apply(webgl: WebGLRenderer): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    if (this.cssWidth <= 0 || this.cssHeight <= 0) return true;
    webgl.setPixelRatio(this.pixelRatio);
    // false: the page's CSS owns the canvas's displayed size; we only size the drawing buffer.
    webgl.setSize(this.cssWidth, this.cssHeight, false);
    return true;
  }

  /** Stops observing. */
  dispose(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.query?.removeEventListener('change', this.onRatioChange);
    this.query = undefined;
  }

  /** A `resolution` query matches one ratio only: re-arm it for the new ratio after each change. */
  private watchRatio(): void {
    this.query?.removeEventListener('change', this.onRatioChange);
    if (typeof matchMedia !== 'function' || typeof devicePixelRatio !== 'number') return;
    this.query = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    this.query.addEventListener('change', this.onRatioChange);
  }
}
