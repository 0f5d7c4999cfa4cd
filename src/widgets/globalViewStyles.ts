import { css } from "lit";
import { barStyles } from "./barStyles.js";

/** The styles of <lmdiff-global-view>, after the shared theme. */
export const globalViewStyles = css`
  ${barStyles}
  .hist {
    cursor: crosshair;
    touch-action: none;
    user-select: none;
  }
  ol {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    max-height: 360px;
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  li button {
    display: grid;
    grid-template-columns: 12px 5.5em 4em 1fr;
    gap: 8px;
    align-items: center;
    width: 100%;
    text-align: left;
    border: none;
    border-bottom: 1px solid var(--_border);
    border-radius: 0;
    padding: 3px 6px;
    background: transparent;
  }
  li button:hover,
  li button:focus-visible {
    background: var(--_bg2);
  }
  .mark {
    width: 12px;
    height: 12px;
    border-radius: 2px;
    border: 1px solid var(--_border);
  }
  .value {
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  .text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .lists {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
    gap: 6px 14px;
    margin-top: 2px;
  }
  .lists ol {
    margin-top: 3px;
  }
  .lists h3 {
    font-size: 13px;
    font-weight: 600;
    margin: 0;
  }
  .lists li button {
    grid-template-columns: 12px 4.8em 5.6em 2.8em 1fr;
  }
  .q {
    white-space: nowrap;
  }
  .chip {
    width: 10px;
    height: 10px;
    border-radius: 2px;
    display: inline-block;
    margin-right: 5px;
  }
  .empty {
    padding: 4px 6px;
  }
  .scatter {
    margin-top: 14px;
  }
  .top.beside {
    display: grid;
    grid-template-columns: 1fr 1fr;
    column-gap: 16px;
    align-items: start;
  }
  .top.beside .scatter {
    margin-top: 0;
  }
  .scatter svg circle.pt {
    cursor: pointer;
  }
  .error {
    color: var(--lmdiff-error, #b2182b);
  }
`;
