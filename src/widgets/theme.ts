import { css } from "lit";

/**
 * Shared look: every colour is a custom property that falls back first to
 * JupyterLab's theme variables and then to a plain light or dark value, so
 * the widgets follow a notebook's theme, the page's colour scheme, or an
 * embedding page's own --lmdiff-* settings.
 */
export const theme = css`
  :host {
    --_fg: var(--lmdiff-fg, var(--jp-content-font-color1, #222));
    --_muted: var(--lmdiff-muted, var(--jp-content-font-color2, #5f5f5f));
    --_bg: var(--lmdiff-bg, var(--jp-layout-color0, #ffffff));
    --_bg2: var(--lmdiff-bg2, var(--jp-layout-color2, #f3f3f3));
    --_border: var(--lmdiff-border, var(--jp-border-color2, #d5d5d5));
    --_accent: var(--lmdiff-accent, var(--jp-brand-color1, #1565c0));
    --_font: var(--lmdiff-font, var(--jp-ui-font-family, system-ui, -apple-system, "Segoe UI", sans-serif));
    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: 13px;
    line-height: 1.4;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--lmdiff-fg, var(--jp-content-font-color1, #e8e8e8));
      --_muted: var(--lmdiff-muted, var(--jp-content-font-color2, #a8a8a8));
      --_bg: var(--lmdiff-bg, var(--jp-layout-color0, #1e1e1e));
      --_bg2: var(--lmdiff-bg2, var(--jp-layout-color2, #2b2b2b));
      --_border: var(--lmdiff-border, var(--jp-border-color2, #4a4a4a));
      --_accent: var(--lmdiff-accent, var(--jp-brand-color1, #64b5f6));
    }
  }
  select,
  input,
  textarea,
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 3px;
    padding: 2px 6px;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  svg {
    display: block;
    overflow: visible;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .muted {
    color: var(--_muted);
  }
`;
