import { PAGE_THEME_CSS } from './page-theme.ts';

/** The replay viewer's style sheet (the scene fills the window; the overlay and the controls float above). */
export const REPLAY_PAGE_CSS = `${PAGE_THEME_CSS}#replay { position: fixed; inset: 0; }
#replay-overlay { position: absolute; top: 12px; right: 12px; width: 340px; max-height: calc(100% - 90px); overflow: auto;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
#replay-overlay h1 { color: var(--bad); font-size: 16px; margin: 0 0 8px; }
#replay-overlay pre { white-space: pre-wrap; word-break: break-word; font: 12px/1.5 ui-monospace, monospace; }
#replay-overlay h2 { font-size: 12px; font-weight: 600; text-transform: uppercase; color: var(--muted); margin: 10px 0 6px; }
#replay-overlay dl { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 12px; margin: 0; font-variant-numeric: tabular-nums; }
#replay-overlay dt { color: var(--muted); }
#replay-overlay dd { margin: 0; text-align: right; font-family: ui-monospace, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#replay-overlay ol.diagnostics { margin: 0; padding: 0; list-style: none; font-family: ui-monospace, monospace; font-size: 11px; }
#replay-overlay ol.diagnostics li { padding: 2px 0; border-top: 1px solid var(--line); white-space: pre-wrap; word-break: break-word; }
#replay-overlay ol.diagnostics li.error, #replay-overlay ol.diagnostics li.fatal { color: var(--bad); }
#replay-overlay ol.diagnostics li.warning { color: var(--warn); }
#replay-controls { position: absolute; left: 12px; right: 12px; bottom: 12px; display: flex; gap: 8px; align-items: center;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
#replay-controls button, #replay-controls select { background: #1d2330; color: var(--fg); border: 1px solid var(--line); border-radius: 5px; padding: 4px 10px; font: inherit; }
#replay-scrub { flex: 1; accent-color: var(--accent); }
#replay-position { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 190px; text-align: right; }
`;
