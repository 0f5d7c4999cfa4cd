import { css } from "lit";
import { textViewStyles } from "./textViewStyles.js";

/** The styles of <lmdiff-aligned-view>, after the shared theme. */
export const alignedViewStyles = css`
  ${textViewStyles}
  .strip {
    max-height: 320px;
  }
  .cards {
    display: grid;
    gap: 8px;
  }
  .cards.two {
    grid-template-columns: 1fr 1fr;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 8px 10px;
    background: var(--_bg);
    box-shadow: 0 2px 10px rgba(0, 0, 0, 0.18);
  }
`;
