/** Flags for Debian's headless Chromium in containers: no sandbox, no GPU, nothing reaching outside (see ../shared/FACTS.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
