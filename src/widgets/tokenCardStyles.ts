import { css, unsafeCSS } from "lit";

/** Width of the tables' column of a wide card, and the gap beside it. */
export const TABLES_W = 330;
export const COLUMN_GAP = 16;

/** The styles of <lmdiff-token-card>, after the shared theme. */
export const tokenCardStyles = css`
  .card {
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 8px 10px;
    background: var(--_bg);
    position: relative;
  }
  h4 {
    margin: 0 0 6px;
    font-size: 13px;
    font-weight: 600;
    padding-right: 24px;
  }
  code {
    font-family: ui-monospace, Menlo, Consolas, monospace;
    background: var(--_bg2);
    padding: 0 3px;
    white-space: pre;
  }
  table {
    border-collapse: collapse;
    font-size: 12px;
    margin-bottom: 8px;
  }
  th,
  td {
    padding: 1px 8px 1px 0;
    text-align: left;
    font-weight: normal;
  }
  td.muted {
    white-space: nowrap;
  }
  td.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .chip {
    display: inline-block;
    width: 9px;
    height: 9px;
    border-radius: 2px;
    margin-right: 4px;
  }
  /* Wide cards put the tables beside the top-k lists, so a card is about as tall as the lists. */
  .card.wide {
    display: grid;
    grid-template-columns: ${unsafeCSS(TABLES_W)}px 1fr;
    column-gap: ${unsafeCSS(COLUMN_GAP)}px;
    align-items: start;
  }
  .card.wide h4 {
    grid-column: 1 / -1;
  }
  .close {
    position: absolute;
    top: 4px;
    right: 4px;
    border: none;
    background: none;
    font-size: 16px;
    line-height: 1;
  }
`;
