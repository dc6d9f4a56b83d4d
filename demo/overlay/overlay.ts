/**
 * The demo's live overlay: frame-time graphs of the engine and the logic thread side by side,
 * queue occupancy, publish time, dirty ratio, live entities, skipped logic frames, restarts, the
 * latest diagnostics, and buttons that inject faults into the logic.
 *
 * It knows nothing about the runtime: `main.ts` feeds it an `OverlaySample` each engine frame and
 * a diagnostic whenever one arrives, and gives it the fault buttons' actions.
 */
import { FrameGraph } from './frame-graph.ts';

/** One frame's numbers for the overlay. */
export interface OverlaySample {
  /** Engine frame interval (requestAnimationFrame to requestAnimationFrame), ms. */
  engineFrameMs: number;
  /** The engine's own work in that frame, ms. */
  engineWorkMs: number;
  /** Duration of the latest logic frame, ms (NaN when none ran since the last sample). */
  logicFrameMs: number;
  engineFrames: number;
  logicFrames: number;
  skippedLogicFrames: number;
  liveEntities: number;
  /** Last publish (SwapBuffers) time, µs. */
  publishUs: number;
  /** Running dirty ratio 0..1. */
  dirtyRatio: number;
  restarts: number;
  /** Queue fill 0..1 by name (command, callback, diagnostics). */
  queues: ReadonlyArray<{ readonly name: string; readonly fill: number }>;
  diagnosticsTotal: number;
  /** The logic's state in words: running, stalled, restarting, down. */
  logicState: string;
}

/** A fault button: label, tooltip and what it does (a toggle reports its new state). */
export interface FaultAction {
  readonly label: string;
  readonly title: string;
  readonly toggle: boolean;
  run(on: boolean): void;
}

/** A diagnostic line for the list. */
export interface OverlayDiagnostic {
  readonly severity: string;
  readonly text: string;
}

const MAX_DIAGNOSTICS = 40;
/** Text refreshes at most this often: numbers that change every frame are unreadable. */
const TEXT_INTERVAL_FRAMES = 12;

/** The overlay bound to its container. */
export class Overlay {
  private readonly engineGraph = new FrameGraph({ label: 'engine', color: '#6cc4ff' });
  private readonly logicGraph = new FrameGraph({ label: 'logic', color: '#9be38a' });
  private readonly values = new Map<string, HTMLElement>();
  private readonly bars = new Map<string, HTMLElement>();
  private readonly list: HTMLOListElement;
  private frame = 0;
  private lastFps = { at: 0, engine: 0, logic: 0, engineFps: 0, logicFps: 0 };

  constructor(container: HTMLElement, faults: readonly FaultAction[]) {
    const doc = container.ownerDocument;
    const h = (text: string): void => {
      const el = doc.createElement('h2');
      el.textContent = text;
      container.appendChild(el);
    };
    h('frame time (ms): engine | logic');
    const graphs = doc.createElement('div');
    graphs.className = 'graphs';
    graphs.append(this.engineGraph.canvas, this.logicGraph.canvas);
    container.appendChild(graphs);

    h('threads');
    const dl = doc.createElement('dl');
    for (const [key, label] of [
      ['logicState', 'logic'], ['fps', 'fps engine / logic'], ['engineWorkMs', 'engine work (ms)'],
      ['skippedLogicFrames', 'skipped logic frames'], ['restarts', 'logic restarts'], ['liveEntities', 'live entities'],
      ['publishUs', 'publish (µs)'], ['dirtyRatio', 'dirty ratio'], ['diagnosticsTotal', 'diagnostics'],
    ] as const) {
      const dt = doc.createElement('dt');
      dt.textContent = label;
      const dd = doc.createElement('dd');
      dd.dataset['stat'] = key;
      dd.textContent = '–';
      dl.append(dt, dd);
      this.values.set(key, dd);
    }
    container.appendChild(dl);

    h('queues');
    const queues = doc.createElement('div');
    queues.className = 'queues';
    container.appendChild(queues);
    this.bars.set('', queues);

    h('inject a fault into the logic');
    const buttons = doc.createElement('div');
    buttons.className = 'faults';
    for (const fault of faults) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.textContent = fault.label;
      b.title = fault.title;
      if (fault.toggle) b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => {
        const on = fault.toggle ? b.getAttribute('aria-pressed') !== 'true' : true;
        if (fault.toggle) b.setAttribute('aria-pressed', String(on));
        fault.run(on);
        b.blur(); // keys go back to the game
      });
      buttons.appendChild(b);
    }
    container.appendChild(buttons);

    h('latest diagnostics');
    this.list = doc.createElement('ol');
    this.list.className = 'diagnostics';
    container.appendChild(this.list);
  }

  /** Feeds one engine frame; graphs repaint every frame, text a few times a second. */
  update(s: OverlaySample, nowMs: number): void {
    this.engineGraph.push(s.engineFrameMs);
    if (!Number.isNaN(s.logicFrameMs)) this.logicGraph.push(s.logicFrameMs);
    this.engineGraph.draw();
    this.logicGraph.draw();
    if (this.frame++ % TEXT_INTERVAL_FRAMES !== 0) return;
    const f = this.lastFps;
    if (nowMs - f.at >= 1000) {
      const dt = (nowMs - f.at) / 1000;
      f.engineFps = f.at === 0 ? 0 : (s.engineFrames - f.engine) / dt;
      f.logicFps = f.at === 0 ? 0 : (s.logicFrames - f.logic) / dt;
      f.at = nowMs;
      f.engine = s.engineFrames;
      f.logic = s.logicFrames;
    }
    this.set('logicState', s.logicState);
    this.set('fps', `${f.engineFps.toFixed(0)} / ${f.logicFps.toFixed(0)}`);
    this.set('engineWorkMs', s.engineWorkMs.toFixed(2));
    this.set('skippedLogicFrames', String(s.skippedLogicFrames));
    this.set('restarts', String(s.restarts));
    this.set('liveEntities', String(s.liveEntities));
    this.set('publishUs', s.publishUs.toFixed(1));
    this.set('dirtyRatio', s.dirtyRatio.toFixed(3));
    this.set('diagnosticsTotal', String(s.diagnosticsTotal));
    for (const q of s.queues) this.setBar(q.name, q.fill);
  }

  /** Prepends a diagnostic (newest first, the last 40 kept). */
  addDiagnostic(d: OverlayDiagnostic): void {
    const li = this.list.ownerDocument.createElement('li');
    li.className = d.severity;
    li.textContent = d.text;
    this.list.prepend(li);
    while (this.list.childElementCount > MAX_DIAGNOSTICS) this.list.lastElementChild!.remove();
  }

  private set(key: string, text: string): void {
    const el = this.values.get(key)!;
    if (el.textContent !== text) el.textContent = text;
  }

  private setBar(name: string, fill: number): void {
    let bar = this.bars.get(name);
    if (bar === undefined) {
      const doc = this.list.ownerDocument;
      const row = doc.createElement('div');
      row.textContent = name;
      row.dataset['queue'] = name;
      const track = doc.createElement('div');
      track.className = 'bar';
      bar = doc.createElement('span');
      track.appendChild(bar);
      row.appendChild(track);
      this.bars.get('')!.appendChild(row);
      this.bars.set(name, bar);
    }
    const pct = Math.max(0, Math.min(100, fill * 100));
    bar.style.width = `${pct}%`;
    bar.style.background = pct >= 80 ? 'var(--bad)' : pct >= 50 ? 'var(--warn)' : 'var(--accent)';
    bar.parentElement!.title = `${pct.toFixed(1)}% full`;
  }
}
