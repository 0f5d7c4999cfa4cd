import { css } from "lit";

/** The toolbar every view has above its charts (measure, options, download at the right end). */
export const barStyles = css`
  .bar {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    margin-bottom: 6px;
  }
  .bar lmdiff-download {
    margin-left: auto;
  }
`;
