import { css } from "lit";

/** The styles of <lmdiff-instance-view>, after the shared theme. */
export const instanceViewStyles = css`
  .bar {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    margin-bottom: 6px;
  }
  .strip {
    max-height: 280px;
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 6px;
    margin: 6px 0 10px;
  }
  .strip .tok {
    cursor: pointer;
  }
  /* Bands of lines that are scrolled out of view are neither laid out nor painted. */
  .strip .band {
    content-visibility: auto;
  }
  .bar lmdiff-download {
    margin-left: auto;
  }
  h3.heading {
    margin: 0 0 6px;
  }
  .strip text {
    pointer-events: none;
  }
  .plots {
    position: relative;
  }
  .plots .overlay {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
  }
  /* One line in the flow; the hovered token's card is laid over what follows, so hovering moves nothing. */
  .details {
    position: relative;
    margin: 8px 0;
  }
  .placeholder {
    border: 1px dashed var(--_border);
    border-radius: 4px;
    padding: 4px 10px;
    color: var(--_muted);
  }
  .details .hover-card {
    position: absolute;
    left: 0;
    right: 0;
    top: 0;
    z-index: 2;
    pointer-events: none;
    box-shadow: 0 2px 10px rgba(0, 0, 0, 0.18);
    border-radius: 4px;
  }
  .pins {
    display: grid;
    gap: 8px;
    margin-top: 8px;
  }
  h3 {
    font-size: 13px;
    margin: 12px 0 4px;
  }
  .error {
    color: var(--lmdiff-error, #b2182b);
    margin: 8px 0;
  }
`;
