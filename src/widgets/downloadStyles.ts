import { css } from "lit";

/** The styles of <lmdiff-download>, after the shared theme. */
export const downloadStyles = css`
  :host {
    display: inline-flex;
    gap: 4px;
    align-items: center;
    background: transparent;
  }
  button {
    padding: 0 6px;
    font-size: 12px;
  }
  select {
    font-size: 12px;
    padding: 0 2px;
  }
  .error {
    color: #b2182b;
    font-size: 12px;
  }
`;
