/**
 * The dev page's error overlay: a coded diagnostic that stops the game (a game that fails to
 * load, a logic that stays down) shown over the scene in its one printed form (formatDiagnostic:
 * code, message, file:line:column, docs page), and a hot reload that failed (the old code runs on),
 * until the next good save hides it.
 */
import { formatDiagnostic, type FormattableDiagnostic } from '../../protocol/format-diagnostic.ts';

/** The overlay element inside a container. */
export class ErrorOverlay {
  private readonly box: HTMLElement;
  private readonly text: HTMLElement;
  private readonly title: HTMLElement;

  constructor(container: HTMLElement) {
    const doc = container.ownerDocument;
    this.box = doc.createElement('section');
    this.box.id = 'twinframe-error';
    this.box.hidden = true;
    this.box.setAttribute('role', 'alert');
    const title = (this.title = doc.createElement('h1'));
    title.textContent = 'The game stopped';
    this.text = doc.createElement('pre');
    const hint = doc.createElement('p');
    hint.textContent = 'Fix the file and save: the page tries again.';
    this.box.append(title, this.text, hint);
    container.append(this.box);
  }

  /** Shows `d` under `title` (replacing what was shown); the element carries the code in `data-code`. */
  show(d: FormattableDiagnostic, title = 'The game stopped'): void {
    this.title.textContent = title;
    this.text.textContent = formatDiagnostic(d);
    this.box.dataset['code'] = d.code;
    this.box.hidden = false;
  }

  /** Hides the overlay (a good save swapped the new code in). */
  hide(): void {
    this.box.hidden = true;
    delete this.box.dataset['code'];
  }

  /** Whether a diagnostic is shown. */
  get shown(): boolean {
    return !this.box.hidden;
  }
}
