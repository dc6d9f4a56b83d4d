/**
 * The dev pages' shared theme (the game page, page-style.ts, and the replay viewer,
 * replay-style.ts): colours, font and the full-window canvas.
 */
export const PAGE_THEME_CSS = `
:root { color-scheme: dark; --fg: #e8e8ec; --muted: #9aa0b0; --panel: rgba(14, 17, 24, 0.82); --line: rgba(255, 255, 255, 0.12);
  --accent: #6cc4ff; --warn: #f5c04a; --bad: #ff6b5a; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
html, body { margin: 0; height: 100%; background: #10141c; color: var(--fg); overflow: hidden; }
#view { position: absolute; inset: 0; width: 100%; height: 100%; display: block; outline: none; }
`;
