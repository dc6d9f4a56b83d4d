/**
 * The engine frame as data: its phases in order (architecture note section 3), and the loop that
 * runs them and times each one. The app supplies one long-lived step per phase; the loop allocates
 * nothing per frame.
 *   input     input state is written by its sources as events arrive; the hook polls the rest
 *   apply     drain the RenderCommandQueue; validate and apply each command to the back state;
 *             mark dirty; create or release render resources; queue callbacks
 *   callbacks flush waiting callbacks to the CallbackQueue (overflow kept, never dropped)
 *   observe   read the logic's counters; run the watchdog; its diagnostics are drained after the frame
 *   render    hand dirty entities and the active camera to the renderer, and the logic's new
 *             debug-draw set when one was published (as lines); draw
 *   publish   publish dirty entity and camera state (SwapBuffers), stamped with frame and tick
 *   trigger   lockstep: request the next logic frame if the last one is complete, else count a skip
 */
import { FrameSampler, type SampleSummary } from './frame-sampler.ts';

/** The engine frame's phases, in the order the loop runs them (and the keys of `engine.phase_ms` in stats). */
export const ENGINE_PHASES = ['input', 'apply', 'callbacks', 'observe', 'render', 'publish', 'trigger'] as const;

/** One phase's name. */
export type EnginePhase = (typeof ENGINE_PHASES)[number];

/** Runs one engine frame's phases in `ENGINE_PHASES` order, timing each. */
export class PhaseLoop {
  private readonly steps: (() => void)[];
  private readonly samplers: FrameSampler[];

  /** `steps`: one long-lived function per phase. */
  constructor(steps: Readonly<Record<EnginePhase, () => void>>, private readonly now: () => number) {
    this.steps = ENGINE_PHASES.map((name) => steps[name]);
    this.samplers = ENGINE_PHASES.map(() => new FrameSampler(1024));
  }

  /** Runs every phase once, in order. Allocates nothing. */
  run(): void {
    const steps = this.steps;
    let t = this.now();
    for (let i = 0; i < steps.length; i++) {
      steps[i]!();
      const t1 = this.now();
      this.samplers[i]!.add(t1 - t);
      t = t1;
    }
  }

  /** Milliseconds per phase, by name (allocates; stats time). */
  summary(): Record<EnginePhase, SampleSummary> {
    const out = {} as Record<EnginePhase, SampleSummary>;
    ENGINE_PHASES.forEach((name, i) => { out[name] = this.samplers[i]!.summary(); });
    return out;
  }

  /** Forgets the samples so far (measure after a warm-up). */
  reset(): void {
    for (const s of this.samplers) s.reset();
  }
}
