/**
 * Debug primitives of the ProtogameJS3D `debugRenderInterface`, recorded with their lifetimes.
 * The 'protogame' profile (src/logic/protogame-profile.ts) copies the live world primitives into
 * the debug-draw buffer whenever `changes` moves or `visible` flips, and the engine draws them.
 *
 * Lifetimes are in seconds of the system clock, advanced once per logic frame by `advance(dt)`:
 * a primitive with duration d > 0 lives while its age is at most d, duration 0 lives for the frame
 * that added it (it is gone at the next advance), a negative duration lives until `clear()`.
 */

/** Kinds of primitive, in the order of DebugRenderStats.live. */
export const DEBUG_PRIMITIVE_KINDS = [
  'point', 'line', 'wireSphere', 'arrow', 'worldText', 'billboardText', 'screenText', 'message',
] as const;
/** One primitive kind. */
export type DebugPrimitiveKind = (typeof DEBUG_PRIMITIVE_KINDS)[number];

/** Depth modes of world primitives (the original's DebugRenderMode), by index. */
export const DEBUG_RENDER_MODES = ['ALWAYS', 'USE_DEPTH', 'X_RAY'] as const;

/** One recorded primitive. `values` are its numeric arguments in call order, minus duration, color and mode. */
export interface DebugPrimitive {
  readonly kind: DebugPrimitiveKind;
  readonly text: string;
  readonly values: Float64Array;
  /** Color, 0-255 each. */
  readonly rgba: readonly [number, number, number, number];
  readonly durationSeconds: number;
  /** Index into DEBUG_RENDER_MODES (screen primitives and messages: 0). */
  readonly mode: number;
  ageSeconds: number;
}

/** Counts the engine can show (e.g. in the CLI statistics or an overlay). */
export interface DebugRenderStats {
  /** Whether setVisible (true) or setHidden (false) was called last. */
  readonly visible: boolean;
  /** Live primitives of each kind. */
  readonly live: Readonly<Record<DebugPrimitiveKind, number>>;
  readonly liveTotal: number;
  readonly added: number;
  readonly expired: number;
  /** Primitives refused because MAX_DEBUG_PRIMITIVES were live. */
  readonly dropped: number;
  readonly worldRenders: number;
  readonly screenRenders: number;
  readonly framesBegun: number;
  readonly framesEnded: number;
  readonly clears: number;
}

/** Most live primitives; more are counted as dropped (a script adding forever-primitives each frame). */
export const MAX_DEBUG_PRIMITIVES = 16384;

/** Records debug primitives and ages them. Logic thread only. */
export class DebugRenderRecorder {
  visible = true;
  worldRenders = 0;
  screenRenders = 0;
  framesBegun = 0;
  framesEnded = 0;
  clears = 0;
  /** Last camera handle given to renderWorld / renderScreen (0 when none). */
  lastWorldCamera = 0;
  lastScreenCamera = 0;
  /** Bumped whenever the live set changes (a primitive added, expired or cleared); visibility is `visible`. */
  changes = 0;
  private list: DebugPrimitive[] = [];
  private added = 0;
  private expired = 0;
  private dropped = 0;

  /** Records a primitive; returns false (and counts it dropped) when MAX_DEBUG_PRIMITIVES are live. */
  add(primitive: DebugPrimitive): boolean {
    if (this.list.length >= MAX_DEBUG_PRIMITIVES) {
      this.dropped++;
      return false;
    }
    this.list.push(primitive);
    this.added++;
    this.changes++;
    return true;
  }

  /** Ages every primitive by `dtSeconds` and removes the expired ones (once per logic frame). */
  advance(dtSeconds: number): void {
    const list = this.list;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      p.ageSeconds += dtSeconds;
      if (p.durationSeconds >= 0 && (p.durationSeconds === 0 || p.ageSeconds > p.durationSeconds)) {
        this.expired++;
        continue;
      }
      list[kept++] = p;
    }
    if (kept !== list.length) this.changes++;
    list.length = kept;
  }

  /** Removes every primitive (they count as expired). */
  clear(): void {
    this.expired += this.list.length;
    if (this.list.length > 0) this.changes++;
    this.list.length = 0;
    this.clears++;
  }

  /** The live primitives, oldest first. The array is the recorder's own: read, do not keep. */
  primitives(): readonly DebugPrimitive[] {
    return this.list;
  }

  /** Counts. Allocates the result. */
  stats(): DebugRenderStats {
    const live = Object.fromEntries(DEBUG_PRIMITIVE_KINDS.map((k) => [k, 0])) as Record<DebugPrimitiveKind, number>;
    for (const p of this.list) live[p.kind]++;
    return {
      visible: this.visible, live, liveTotal: this.list.length, added: this.added, expired: this.expired,
      dropped: this.dropped, worldRenders: this.worldRenders, screenRenders: this.screenRenders,
      framesBegun: this.framesBegun, framesEnded: this.framesEnded, clears: this.clears,
    };
  }
}
