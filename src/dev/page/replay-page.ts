/**
 * The viewer page of `twinframe replay FILE --view`: fetches the recording the dev server serves,
 * decodes it, rebuilds the recorded world with the engine's own systems (KeyframeWorld, no logic
 * worker) and draws it with the three.js renderer. Controls: play / pause (Space), step one frame
 * (→; ← steps back), a slider that scrubs to any frame (its tick shown), speed 0.25×–8×. The
 * overlay shows the frame, its logic tick, whether the world hashes as recorded, the debug-draw
 * primitives drawn, the sounds the frame's audio commands played (listed, not played) and the
 * diagnostics recorded at that frame (and the last few before it). Bulk-moved entities and the
 * debug-draw set come from the recording's engine-side events (format version 2).
 *
 * URL options: `shading=unlit` (flat colours: pixel tests), `antialias=off` (no MSAA: cheaper on a
 * software rasterizer). Tests read `window.twinframeReplay`.
 */
import { decodeRecording } from '../../protocol/recording-decoder.ts';
import { isTwinframeError, TwinframeError } from '../../shared-memory/twinframe-error.ts';
import { DEV_CODES } from '../error-codes.ts';
import { KeyframeWorld } from '../../engine/keyframe-world.ts';
import { ThreeRenderer } from '../../three/three-renderer.ts';
import { MESH_TYPES } from '../../protocol/mesh-types.ts';
import { ReplayTimeline } from '../replay-view-timeline.ts';
import { REPLAY_PAGE_CSS } from './replay-style.ts';

/** What the generated entry passes to the page. */
export interface ReplayPageConfig {
  /** Where the dev server serves the recording's bytes. */
  readonly recordingUrl: string;
  /** The file's name as shown. */
  readonly name: string;
}

/** Playback speeds offered (× the recorded 60 engine frames a second). */
export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
/** Engine frames a second at 1× (the rate the engine runs at in a browser). */
const FRAMES_PER_SECOND = 60;

/** What the page exposes on `window.twinframeReplay`. */
export interface ReplayPage {
  /** Resolves once the recording is decoded and its first frame drawn; rejects when it cannot be read. */
  readonly ready: Promise<void>;
  timeline?: ReplayTimeline;
  renderer?: ThreeRenderer;
  /** A coded refusal of the file (or another start failure). */
  error?: { code: string; message: string };
  playing: boolean;
  speed: number;
  /** Scrubs to frame `index` and draws it; returns the milliseconds from the request to the drawn frame. */
  scrubTo(index: number): number;
  /** Scrubs to the first frame of logic tick `tick` (see ReplayTimeline.indexOfTick) and draws it; returns the milliseconds taken. */
  scrubToTick(tick: number): number;
  /** Renderer instances live now, over every mesh type (what is drawn). */
  drawnInstances(): number;
  play(): void;
  pause(): void;
  step(frames: number): void;
  setSpeed(speed: number): void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, parent: HTMLElement): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (id !== '') el.id = id;
  parent.append(el);
  return el;
}

/** Builds the viewer's DOM and starts loading; returns at once (the handle fills in). */
export function startReplayPage(config: ReplayPageConfig): ReplayPage {
  let resolveReady!: () => void;
  let rejectReady!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => undefined);
  const style = document.createElement('style');
  style.textContent = REPLAY_PAGE_CSS;
  document.head.append(style);
  document.title = `${config.name} · twinframe replay`;
  const params = new URLSearchParams(location.search);
  const root = element('main', 'replay', document.body);
  const canvas = element('canvas', 'view', root);
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-label', `${config.name}: the recorded scene`);
  const overlay = element('aside', 'replay-overlay', root);
  const controls = element('nav', 'replay-controls', root);
  const button = (id: string, text: string, title: string): HTMLButtonElement => {
    const b = element('button', id, controls);
    b.type = 'button';
    b.textContent = text;
    b.title = title;
    return b;
  };
  const play = button('replay-play', 'Play', 'Play or pause (Space)');
  const back = button('replay-back', '◀ 1', 'Step back one frame (←)');
  const step = button('replay-step', '1 ▶', 'Step one frame (→)');
  const slider = element('input', 'replay-scrub', controls);
  slider.type = 'range';
  slider.min = '0';
  slider.value = '0';
  slider.setAttribute('aria-label', 'Scrub to frame');
  const speed = element('select', 'replay-speed', controls);
  speed.setAttribute('aria-label', 'Speed');
  for (const s of REPLAY_SPEEDS) {
    const o = document.createElement('option');
    o.value = String(s);
    o.textContent = `${s}×`;
    o.selected = s === 1;
    speed.append(o);
  }
  const position = element('output', 'replay-position', controls);
  overlay.textContent = `loading ${config.name}…`;

  const page: ReplayPage = {
    ready,
    playing: false,
    speed: 1,
    scrubTo: (index) => show(index),
    scrubToTick: (tick) => show(page.timeline?.indexOfTick(tick) ?? 0),
    drawnInstances: () => {
      let n = 0;
      for (let m = 0; m < MESH_TYPES.length; m++) n += page.renderer?.liveInstances(m) ?? 0;
      return n;
    },
    play: () => {
      const t = page.timeline;
      if (t === undefined) return;
      if (t.current >= t.frameCount - 1) show(0);
      page.playing = true;
      play.textContent = 'Pause';
    },
    pause: () => {
      page.playing = false;
      play.textContent = 'Play';
    },
    step: (frames) => {
      page.pause();
      show((page.timeline?.current ?? 0) + frames);
    },
    setSpeed: (s) => {
      page.speed = REPLAY_SPEEDS.includes(s as (typeof REPLAY_SPEEDS)[number]) ? s : 1;
      speed.value = String(page.speed);
    },
  };
  (window as unknown as { twinframeReplay: ReplayPage }).twinframeReplay = page;

  /** Moves to frame `index`, draws it, updates the controls and overlay; returns the ms it took. */
  function show(index: number): number {
    const t = page.timeline;
    const r = page.renderer;
    if (t === undefined || r === undefined) return 0;
    const t0 = performance.now();
    t.seek(index);
    r.render();
    const ms = performance.now() - t0;
    slider.value = String(t.current);
    describe(ms);
    return ms;
  }

  function describe(ms: number): void {
    const t = page.timeline!;
    const i = t.current;
    const f = t.frames[i];
    if (f === undefined) return;
    position.textContent = `frame ${i + 1} / ${t.frameCount} · tick ${t.ticks[i]}`;
    overlay.replaceChildren();
    const dl = element('dl', '', overlay);
    const row = (k: string, v: string, id = ''): void => {
      element('dt', '', dl).textContent = k;
      element('dd', id, dl).textContent = v;
    };
    row('tick', String(t.ticks[i]), 'replay-tick');
    row('engine frame', String(f.frame));
    row('incarnation', String(f.incarnation));
    row('entities', String(t.world.liveEntities));
    row('state hash', t.matchesRecordedHash ? `${f.stateHash.toString(16)} ✓` : `${t.world.stateHash().toString(16)} ≠ ${f.stateHash.toString(16)}`);
    row('debug draw', `${t.world.drawing.debugPrimitives} primitive(s)`, 'replay-debug');
    row('scrub', `${ms.toFixed(1)} ms`);
    if (t.truncatedAt !== null) row('file', `truncated at byte ${t.truncatedAt}`);
    const here = t.diagnosticsAt(i);
    element('h2', '', overlay).textContent = here.length === 0 ? 'no diagnostics at this frame' : `diagnostics at this frame (${here.length})`;
    const list = element('ol', 'replay-diagnostics', overlay);
    list.className = 'diagnostics';
    for (const d of here) {
      const li = element('li', '', list);
      li.className = `${d.severity} here`;
      li.textContent = `${d.code} [${d.severity}] tick ${d.tick}: ${d.message}`;
    }
    const sounds = t.soundsAt(i);
    if (sounds.length > 0) {
      element('h2', '', overlay).textContent = `sounds at this frame (${sounds.length}; listed, not played)`;
      const ol = element('ol', 'replay-sounds', overlay);
      for (const line of sounds) element('li', '', ol).textContent = line;
    }
    const recent = t.recentDiagnostics(i, 5).filter((d) => !here.includes(d));
    if (recent.length > 0) {
      element('h2', '', overlay).textContent = 'earlier';
      const older = element('ol', '', overlay);
      older.className = 'diagnostics';
      for (const d of recent) {
        const li = element('li', '', older);
        li.className = d.severity;
        li.textContent = `frame ${d.frame} ${d.code}: ${d.message}`;
      }
    }
  }

  play.addEventListener('click', () => (page.playing ? page.pause() : page.play()));
  step.addEventListener('click', () => page.step(1));
  back.addEventListener('click', () => page.step(-1));
  slider.addEventListener('input', () => {
    page.pause();
    show(Number(slider.value));
  });
  speed.addEventListener('change', () => page.setSpeed(Number(speed.value)));
  window.addEventListener('keydown', (e) => {
    if (e.key === ' ') {
      if (page.playing) page.pause();
      else page.play();
    }
    else if (e.key === 'ArrowRight') page.step(1);
    else if (e.key === 'ArrowLeft') page.step(-1);
    else return;
    e.preventDefault();
  });

  void (async () => {
    try {
      const response = await fetch(config.recordingUrl);
      if (!response.ok) {
        throw new TwinframeError(DEV_CODES.REPLAY_VIEW_FILE_UNREADABLE.code, `ReplayView.load: the recording could not be fetched; got HTTP ${response.status} for ${config.recordingUrl}. Check that twinframe replay --view is still running and the file exists.`);
      }
      const recording = await decodeRecording(new Uint8Array(await response.arrayBuffer()));
      const renderer = new ThreeRenderer({ canvas, background: [16, 20, 28], shading: params.get('shading') === 'unlit' ? 'unlit' : 'lit', antialias: params.get('antialias') !== 'off' });
      const world = new KeyframeWorld({ renderer, entityCapacity: recording.header.entityCapacity, cameraCapacity: recording.header.cameraCapacity });
      const timeline = new ReplayTimeline(recording, world);
      page.renderer = renderer;
      page.timeline = timeline;
      slider.max = String(Math.max(0, timeline.frameCount - 1));
      if (timeline.frameCount === 0) {
        overlay.textContent = 'the recording holds no engine frames';
      } else {
        show(0);
      }
      let last = performance.now();
      let owed = 0;
      const loop = (now: number): void => {
        const dt = Math.min(now - last, 250);
        last = now;
        if (page.playing && timeline.frameCount > 0) {
          owed += (dt / 1000) * FRAMES_PER_SECOND * page.speed;
          const n = Math.floor(owed);
          if (n > 0) {
            owed -= n;
            const next = Math.min(timeline.current + n, timeline.frameCount - 1);
            show(next);
            if (next >= timeline.frameCount - 1) page.pause();
          }
        } else {
          owed = 0;
          // Keep the canvas in step with window resizes while paused.
          renderer.render();
        }
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      resolveReady();
    } catch (e) {
      page.error = { code: isTwinframeError(e) ? e.code : 'error', message: isTwinframeError(e) ? e.text : e instanceof Error ? e.message : String(e) };
      overlay.textContent = '';
      const h = element('h1', 'replay-error', overlay);
      h.textContent = `${config.name} cannot be replayed`;
      element('pre', '', overlay).textContent = `${page.error.code} ${page.error.message}`;
      rejectReady(e);
    }
  })();
  return page;
}
