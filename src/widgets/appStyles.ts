import { css } from "lit";

/** The styles of <lmdiff-app>, after the shared theme. */
export const appStyles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 14px;
    align-items: baseline;
    border-bottom: 1px solid var(--_border);
    padding-bottom: 6px;
    margin-bottom: 8px;
  }
  h2 {
    font-size: 15px;
    margin: 0;
  }
  .model {
    display: inline-flex;
    gap: 5px;
    align-items: center;
  }
  .swatch {
    width: 12px;
    height: 12px;
    border-radius: 2px;
    display: inline-block;
  }
  section {
    margin-top: 14px;
  }
  .live {
    display: flex;
    gap: 6px;
    align-items: flex-start;
  }
  .live textarea {
    flex: 1;
    min-height: 3em;
  }
  .error {
    color: #b2182b;
  }
`;
