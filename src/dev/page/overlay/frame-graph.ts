/**
 * A scrolling frame-time graph on a small 2D canvas: one bar per frame, guide lines at 16.7 ms
 * (60 Hz) and 33.3 ms (30 Hz), bars over budget in a warning colour. Samples go into a fixed ring
 * (`push` allocates nothing); `draw` repaints at most once per animation frame.
 */
import { TwinframeError } from '../../../shared-memory/twinframe-error.ts';
import { DEV_CODES } from '../../error-codes.ts';

/** Options of `new FrameGraph(...)`. */
export interface FrameGraphOptions {
  /** Title drawn in the corner, e.g. "engine". */
  readonly label: string;
  /** Bar colour (CSS). */
  readonly color: string;
  /** Top of the scale in milliseconds; default 50. */
  readonly maxMs?: number;
  /** Samples kept (one pixel column each); default 180 (3 s at 60 Hz). */
  readonly samples?: number;
}

const GUIDES_MS = [1000 / 60, 1000 / 30];

/** A frame-time graph bound to one canvas. */
export class FrameGraph {
  /** The canvas to place in the page. */
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly values: Float32Array;
  private readonly label: string;
  private readonly color: string;
  private readonly maxMs: number;
  private head = 0;
  private filled = 0;
  private latest = 0;

  constructor(options: FrameGraphOptions) {
    const samples = options.samples ?? 180;
    this.values = new Float32Array(samples);
    this.label = options.label;
    this.color = options.color;
    this.maxMs = options.maxMs ?? 50;
    this.canvas = document.createElement('canvas');
    this.canvas.width = samples;
    this.canvas.height = 48;
    this.canvas.className = 'frame-graph';
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) throw new TwinframeError(DEV_CODES.OVERLAY_CANVAS_UNAVAILABLE.code, 'FrameGraph.constructor: the graph canvas gave no 2D context; got null. Enable canvas 2D in the browser (a privacy setting may block it), or open the page with ?overlay=0.');
    this.ctx = ctx;
  }

  /** Adds one frame time in milliseconds. */
  push(ms: number): void {
    this.values[this.head] = ms;
    this.head = (this.head + 1) % this.values.length;
    if (this.filled < this.values.length) this.filled++;
    this.latest = ms;
  }

  /** Repaints the graph. */
  draw(): void {
    const { ctx, canvas, values } = this;
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = 'rgba(255,255,255,0.04)';
    ctx.fillRect(0, 0, w, h);
    const n = values.length;
    for (let i = 0; i < this.filled; i++) {
      const v = values[(this.head - this.filled + i + n) % n]!;
      const bar = Math.min(h, Math.max(1, (v / this.maxMs) * h));
      ctx.fillStyle = v > GUIDES_MS[1]! ? '#ff6b5a' : v > GUIDES_MS[0]! ? '#f5c04a' : this.color;
      ctx.fillRect(w - this.filled + i, h - bar, 1, bar);
    }
    ctx.fillStyle = 'rgba(255,255,255,0.35)';
    for (const g of GUIDES_MS) ctx.fillRect(0, Math.round(h - (g / this.maxMs) * h), w, 1);
    ctx.fillStyle = '#e8e8ec';
    ctx.font = '10px ui-monospace, monospace';
    ctx.fillText(`${this.label} ${this.latest.toFixed(1)} ms`, 4, 11);
  }
}
