import type { ReactiveController, ReactiveControllerHost } from "lit";
import { svgRoot, type Figure } from "../render/svg.js";

/**
 * Draws a long token strip band by band (see tokenStripBands) without
 * blocking its host: only the first bands are drawn with the view, the
 * others are empty boxes of their height that are filled a few per task
 * afterwards, or all at once when the strip is scrolled or a token in them
 * is wanted.  So a long text's first render costs only what the strip
 * shows at first.
 *
 * The boxes are plain DOM that Lit does not manage (the host puts `html()`
 * inside unsafeHTML), and a new strip (another measure or width) replaces
 * the boxes and the pending bands together, so a late fill never writes
 * into a stale strip.
 */
export class StripBandsController implements ReactiveController {
  /** SVG of each band not yet put into its box, by band index; emptied as they are filled. */
  private pending = new Map<number, string>();
  private timer = 0;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly opts: {
      /** CSS selector of the strip in the host's render root. */
      strip: string;
      /** Bands drawn with the view. */
      first: number;
      /** Bands filled per task afterwards. */
      perTask: number;
    },
  ) {
    host.addController(this);
  }

  /**
   * The strip's HTML for these bands, each in a box of its height (class
   * "band"): the first ones drawn, the others filled later.  Bands still
   * pending from an earlier strip are dropped.
   */
  html(bands: readonly Figure[]): string {
    this.pending = new Map();
    return bands
      .map((f, j) => {
        const svg = svgRoot(f);
        if (j < this.opts.first) return `<div class="band" style="height:${f.height}px">${svg}</div>`;
        this.pending.set(j, svg);
        return `<div class="band" data-band="${j}" style="height:${f.height}px"></div>`;
      })
      .join("");
  }

  /** Put every pending band into its box now. */
  fillAll(): void {
    if (this.pending.size > 0) this.fill(true);
  }

  hostUpdated(): void {
    if (this.pending.size > 0 && !this.timer) this.timer = window.setTimeout(this.fillSome, 0);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = 0;
  }

  private fill(all: boolean): void {
    const strip = this.host.renderRoot.querySelector(this.opts.strip);
    if (!strip) return;
    let n = 0;
    for (const [j, svg] of this.pending) {
      if (!all && n++ >= this.opts.perTask) break;
      const box = strip.querySelector(`.band[data-band="${j}"]`);
      if (box) box.innerHTML = svg;
      this.pending.delete(j);
    }
  }

  private fillSome = () => {
    this.timer = 0;
    this.fill(false);
    if (this.pending.size > 0) this.timer = window.setTimeout(this.fillSome, 0);
  };
}
