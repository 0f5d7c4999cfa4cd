import { css } from "lit";
import { barStyles } from "./barStyles.js";

/**
 * The styles the views of one text share (<lmdiff-instance-view>,
 * <lmdiff-aligned-view>): the toolbar, the scrolling strip (each view sets
 * its max-height), the plots with a hover overlay, and the details line
 * whose cards are laid over what follows.
 */
export const textViewStyles = css`
  ${barStyles}
  h3.heading {
    margin: 0 0 6px;
  }
  .strip {
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 6px;
    margin: 6px 0 10px;
  }
  .strip .tok {
    cursor: pointer;
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
  /* One line in the flow; the hover cards are laid over what follows, so hovering moves nothing. */
  .details {
    position: relative;
    margin: 8px 0;
  }
  /* The layer the hover cards sit in: the instance view's one card, the aligned view's one per model. */
  .details .hover-card,
  .details .cards {
    position: absolute;
    left: 0;
    right: 0;
    top: 0;
    z-index: 2;
    pointer-events: none;
  }
  .placeholder {
    border: 1px dashed var(--_border);
    border-radius: 4px;
    padding: 4px 10px;
    color: var(--_muted);
  }
  h3 {
    font-size: 13px;
    margin: 12px 0 4px;
  }
`;
