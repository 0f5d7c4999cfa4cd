import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * A reactive controller that tracks its host's content width, so the SVG
 * figures are drawn at the width they are shown at (crisp text, no
 * scaling).  Widths are rounded to 10 px to avoid re-rendering on every
 * sub-pixel resize.
 */
export class WidthController implements ReactiveController {
  width: number;
  private observer?: ResizeObserver;

  constructor(
    private host: ReactiveControllerHost & HTMLElement,
    fallback = 800,
  ) {
    this.width = fallback;
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const w = Math.max(320, Math.floor(entries[0].contentRect.width / 10) * 10);
      if (w !== this.width) {
        this.width = w;
        this.host.requestUpdate();
      }
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
