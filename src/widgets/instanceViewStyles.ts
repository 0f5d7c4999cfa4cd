import { css } from "lit";
import { textViewStyles } from "./textViewStyles.js";

/** The styles of <lmdiff-instance-view>, after the shared theme. */
export const instanceViewStyles = css`
  ${textViewStyles}
  .strip {
    max-height: 280px;
  }
  /* Bands of lines that are scrolled out of view are neither laid out nor painted. */
  .strip .band {
    content-visibility: auto;
  }
  .details .hover-card {
    box-shadow: 0 2px 10px rgba(0, 0, 0, 0.18);
    border-radius: 4px;
  }
  .pins {
    display: grid;
    gap: 8px;
    margin-top: 8px;
  }
  .error {
    color: var(--lmdiff-error, #b2182b);
    margin: 8px 0;
  }
`;
