/**
 * The demo's live overlay: frame-time graphs of the engine and the logic thread side by side,
 * queue occupancy, publish time, dirty ratio, live entities, skipped logic frames, restarts, hot
 * reloads (count, failed, time of the last), the
 * latest diagnostics, the buttons that inject faults into the logic, and record/replay's controls:
 * a record button and the recordings (and flight recordings) offered as downloads.
 *
 * Graphs take one sample per animation frame (`frame`, allocation-free); the numbers come from
 * `app.stats()` a few times a second (`stats`, allocates, which is fine at that rate); diagnostics
 * arrive from `app.on('diagnostic')` (`addDiagnostic`).
 */
import type { AppStats } from '../../../engine/app.ts';
import { formatDiagnostic } from '../../../protocol/format-diagnostic.ts';
import type { FormattableDiagnostic } from '../../../protocol/format-diagnostic.ts';
import { FrameGraph } from './frame-graph.ts';

/** A fault button: label, tooltip and what it does (a toggle reports its new state). */
export interface FaultAction {
  /** Stable name (the button's `data-fault`, used by tests). */
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly toggle: boolean;
  run(on: boolean): void;
}

/** A diagnostic for the list (an app's EngineDiagnostic fits): printed with formatDiagnostic. */
export interface OverlayDiagnostic extends FormattableDiagnostic {
  readonly severity: string;
  /** Which thread reported it and which logic incarnation it concerns, when known. */
  readonly source?: string;
  readonly incarnation?: number;
}

/** Queue occupancy numbers the App's stats do not carry (read from the live rings). */
export interface QueueSample {
  /** Bytes waiting in the command ring now. */
  readonly commandBytes: number;
}

/** What the record button drives (the page wires it to app.startRecording / stopRecording). */
export interface RecordingControls {
  /** Starts a recording; throws (a coded error) when it cannot. */
  start(): void;
  /** Ends it; resolves with the file and its suggested name. */
  stop(): Promise<{ readonly name: string; readonly bytes: Uint8Array }>;
}

const MAX_DIAGNOSTICS = 40;
/** Downloads listed at once (older links are revoked). */
const MAX_DOWNLOADS = 6;

const STATS = [
  ['logicState', 'logic'], ['fps', 'fps engine / logic'], ['engineMs', 'engine work p50 / p99 (ms)'],
  ['logicMs', 'logic frame p50 / p99 (ms)'], ['skipped', 'skipped logic frames'], ['restarts', 'restarts (hangs / crashes)'],
  ['entities', 'live entities'], ['publishUs', 'publish p50 / p99 (µs)'], ['dirtyRatio', 'dirty ratio (last dirty)'],
  ['commands', 'commands applied'], ['overflow', 'logic overflow (commands)'], ['diagnostics', 'diagnostics'],
  ['reloads', 'hot reloads (failed), last'],
] as const;

type StatKey = (typeof STATS)[number][0];

/** The overlay bound to its container. */
export class Overlay {
  private readonly engineGraph = new FrameGraph({ label: 'engine', color: '#6cc4ff' });
  private readonly logicGraph = new FrameGraph({ label: 'logic', color: '#9be38a' });
  private readonly values = new Map<StatKey, HTMLElement>();
  private lastReload = '';
  private readonly bars = new Map<string, HTMLElement>();
  private readonly queues: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly doc: Document;
  private previous: { at: number; engine: number; logic: number } | null = null;
  private readonly container: HTMLElement;
  private downloads: HTMLElement | null = null;
  private recordButton: HTMLButtonElement | null = null;

  constructor(container: HTMLElement, faults: readonly FaultAction[]) {
    const doc = container.ownerDocument;
    this.doc = doc;
    this.container = container;
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

    if (faults.length > 0) h('inject a fault into the logic'); // none on the dev page: no empty section
    const buttons = doc.createElement('div');
    buttons.className = 'faults';
    for (const fault of faults) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.textContent = fault.label;
      b.title = fault.title;
      b.dataset['fault'] = fault.id;
      if (fault.toggle) b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => {
        const on = fault.toggle ? b.getAttribute('aria-pressed') !== 'true' : true;
        if (fault.toggle) b.setAttribute('aria-pressed', String(on));
        fault.run(on);
        b.blur(); // keys go back to the game
      });
      buttons.appendChild(b);
    }
    if (faults.length > 0) container.appendChild(buttons);

    h('threads');
    const dl = doc.createElement('dl');
    for (const [key, label] of STATS) {
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
    this.queues = doc.createElement('div');
    this.queues.className = 'queues';
    container.appendChild(this.queues);

    h('latest diagnostics');
    this.list = doc.createElement('ol');
    this.list.className = 'diagnostics';
    container.appendChild(this.list);
  }

  /** One animation frame: the engine's frame interval and, when one ended, the logic frame's duration (NaN: none). */
  frame(engineIntervalMs: number, logicMs: number): void {
    this.engineGraph.push(engineIntervalMs);
    if (!Number.isNaN(logicMs)) this.logicGraph.push(logicMs);
    this.engineGraph.draw();
    this.logicGraph.draw();
  }

  /** Refreshes the numbers from a stats snapshot (a few times a second). */
  stats(s: AppStats, q: QueueSample, nowMs: number): void {
    const p = this.previous;
    if (p !== null && nowMs > p.at) {
      const dt = (nowMs - p.at) / 1000;
      this.set('fps', `${((s.engine.frames - p.engine) / dt).toFixed(0)} / ${((s.logic.frames - p.logic) / dt).toFixed(0)}`);
    }
    this.previous = { at: nowMs, engine: s.engine.frames, logic: s.logic.frames };
    this.set('logicState', `${s.logic.state} (incarnation ${s.logic.incarnation})`);
    this.set('engineMs', `${s.engine.frame_ms.p50.toFixed(2)} / ${s.engine.frame_ms.p99.toFixed(2)}`);
    this.set('logicMs', `${s.logic.frame_ms.p50.toFixed(2)} / ${s.logic.frame_ms.p99.toFixed(2)}`);
    this.set('skipped', String(s.logic.skipped_frames));
    this.set('restarts', `${s.worker.restarts} (${s.worker.hangs} / ${s.worker.crashes})`);
    this.set('entities', String(s.entities.live));
    this.set('publishUs', `${s.publish.us.p50.toFixed(0)} / ${s.publish.us.p99.toFixed(0)}`);
    this.set('dirtyRatio', `${s.publish.dirty_ratio_avg.toFixed(3)} (${s.publish.last_dirty})`);
    this.set('commands', `${s.commands.applied}${s.commands.rejected > 0 ? ` (${s.commands.rejected} refused)` : ''}`);
    this.set('overflow', `${s.logic.overflow_commands} now, ${s.logic.overflow_events} events`);
    this.set('diagnostics', String(s.diagnostics.total));
    this.set('reloads', `${s.reload.count} (${s.reload.failed})${this.lastReload === '' ? '' : `, ${this.lastReload}`}`);
    const cmd = s.queues.command;
    const cap = Math.max(1, cmd.capacity_bytes);
    this.setBar('command ring now', q.commandBytes / cap, `${(q.commandBytes / 1024).toFixed(0)} of ${(cap / 1024).toFixed(0)} KiB`);
    this.setBar('command ring high water', cmd.high_water_bytes / cap, `${(cmd.high_water_bytes / 1024).toFixed(0)} KiB, full ${cmd.full_events}×`);
    this.setBar('callbacks waiting', Math.min(1, s.callbacks.waiting / 4096), `${s.callbacks.waiting} waiting, full ${s.callbacks.full_events}×`);
  }

  /**
   * Adds the record button (data-record; aria-pressed while recording) and the downloads list
   * (data-downloads): a click starts a recording, the next one ends it and offers the file.
   */
  addRecording(controls: RecordingControls): void {
    const doc = this.doc;
    const el = doc.createElement('h2');
    el.textContent = 'record and replay';
    const row = doc.createElement('div');
    row.className = 'faults';
    const b = doc.createElement('button');
    b.type = 'button';
    b.textContent = '● record';
    b.title = 'Record the play from now (with the flight recorder\'s facts since the logic started), then download it; replay it with twinframe replay FILE';
    b.dataset['record'] = '';
    b.setAttribute('aria-pressed', 'false');
    let busy = false;
    b.addEventListener('click', () => {
      b.blur(); // keys go back to the game
      if (busy) return;
      if (b.getAttribute('aria-pressed') !== 'true') {
        try {
          controls.start();
        } catch (e) {
          this.addDiagnostic({ code: '', severity: 'error', message: `record: ${e instanceof Error ? e.message : String(e)}` });
          return;
        }
        b.setAttribute('aria-pressed', 'true');
        b.textContent = '■ stop and download';
        return;
      }
      busy = true;
      void controls.stop().then((file) => {
        this.offerDownload(file.name, file.bytes);
      }, (e: unknown) => {
        this.addDiagnostic({ code: '', severity: 'error', message: `record: ${e instanceof Error ? e.message : String(e)}` });
      }).finally(() => {
        busy = false;
        b.setAttribute('aria-pressed', 'false');
        b.textContent = '● record';
      });
    });
    row.appendChild(b);
    const list = doc.createElement('ul');
    list.className = 'downloads';
    list.dataset['downloads'] = '';
    this.container.insertBefore(list, this.container.children[2] ?? null);
    this.container.insertBefore(row, list);
    this.container.insertBefore(el, row);
    this.downloads = list;
    this.recordButton = b;
  }

  /** Whether the record button shows a recording under way. */
  get recordingShown(): boolean {
    return this.recordButton?.getAttribute('aria-pressed') === 'true';
  }

  /** Offers `bytes` as a download named `name` (a recording, a flight recording), newest first. */
  offerDownload(name: string, bytes: Uint8Array): void {
    const list = this.downloads;
    if (list === null) return;
    const li = this.doc.createElement('li');
    const a = this.doc.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
    a.download = name;
    a.textContent = `${name} (${(bytes.byteLength / 1024).toFixed(0)} KiB)`;
    li.appendChild(a);
    list.insertBefore(li, list.firstChild);
    while (list.children.length > MAX_DOWNLOADS) {
      const last = list.lastElementChild!;
      const link = last.querySelector('a');
      if (link !== null) URL.revokeObjectURL(link.href);
      last.remove();
    }
  }

  /** Records the time of the last hot reload that swapped new code in (shown with the reload count). */
  reloaded(at: Date): void {
    this.lastReload = at.toLocaleTimeString();
  }

  /** Prepends a diagnostic (newest first, the last 40 kept). */
  addDiagnostic(d: OverlayDiagnostic): void {
    const li = this.doc.createElement('li');
    li.className = d.severity;
    li.dataset['code'] = d.code;
    const who = d.source === undefined ? '' : `[${d.source}${d.incarnation === undefined ? '' : ` #${d.incarnation}`}] `;
    li.textContent = who + formatDiagnostic(d);
    this.list.prepend(li);
    while (this.list.childElementCount > MAX_DIAGNOSTICS) this.list.lastElementChild!.remove();
  }

  private set(key: StatKey, text: string): void {
    const el = this.values.get(key)!;
    if (el.textContent !== text) el.textContent = text;
  }

  private setBar(name: string, fill: number, detail: string): void {
    let bar = this.bars.get(name);
    if (bar === undefined) {
      const row = this.doc.createElement('div');
      row.dataset['queue'] = name;
      const label = this.doc.createElement('span');
      label.className = 'label';
      row.appendChild(label);
      const track = this.doc.createElement('div');
      track.className = 'bar';
      bar = this.doc.createElement('span');
      track.appendChild(bar);
      row.appendChild(track);
      this.queues.appendChild(row);
      this.bars.set(name, bar);
    }
    const pct = Math.max(0, Math.min(100, fill * 100));
    bar.style.width = `${pct}%`;
    bar.style.background = pct >= 80 ? 'var(--bad)' : pct >= 50 ? 'var(--warn)' : 'var(--accent)';
    const label = bar.parentElement!.previousElementSibling!;
    const text = `${name}: ${detail}`;
    if (label.textContent !== text) label.textContent = text;
  }
}
