import { PAGE_THEME_CSS } from './page-theme.ts';

/** The built-in game page's style sheet (the scene fills the window; the overlay and messages float above). */
export const PAGE_CSS = `${PAGE_THEME_CSS}#app { position: fixed; inset: 0; }
#overlay { position: absolute; top: 12px; right: 12px; width: 340px; max-height: calc(100% - 24px); overflow: auto;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
#overlay h2 { font-size: 12px; font-weight: 600; text-transform: uppercase; color: var(--muted); margin: 10px 0 6px; }
#overlay h2:first-child { margin-top: 0; }
#overlay .graphs { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
#overlay .frame-graph { width: 100%; height: 48px; border-radius: 4px; }
#overlay dl { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 12px; margin: 0; font-variant-numeric: tabular-nums; }
#overlay dt { color: var(--muted); white-space: nowrap; }
#overlay dd { margin: 0; text-align: right; font-family: ui-monospace, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#overlay .bar { height: 6px; background: rgba(255, 255, 255, 0.08); border-radius: 3px; overflow: hidden; margin-top: 3px; }
#overlay .bar > span { display: block; height: 100%; width: 0; background: var(--accent); }
#overlay .queues .label { display: block; font-size: 11px; color: var(--muted); margin-top: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#overlay ol.diagnostics { margin: 0; padding: 0; list-style: none; font-family: ui-monospace, monospace; font-size: 11px; max-height: 160px; overflow: auto; }
#overlay ol.diagnostics li { padding: 2px 0; border-top: 1px solid var(--line); white-space: pre-wrap; word-break: break-word; }
#overlay ol.diagnostics li.error, #overlay ol.diagnostics li.fatal { color: var(--bad); }
#overlay ol.diagnostics li.warning { color: var(--warn); }
#status { position: absolute; left: 12px; top: 12px; margin: 0; color: var(--muted); background: var(--panel); padding: 4px 10px; border-radius: 6px; }
#status:empty { display: none; }
#twinframe-error { position: absolute; inset: 0; z-index: 10; background: rgba(16, 6, 8, 0.92); color: var(--fg); padding: 32px; overflow: auto; }
#twinframe-error[hidden] { display: none; }
#twinframe-error h1 { color: var(--bad); font-size: 18px; margin: 0 0 12px; }
#twinframe-error pre { font: 13px/1.5 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; margin: 0 0 12px; }
#twinframe-error p { color: var(--muted); }
.bare #overlay { display: none; }
`;
