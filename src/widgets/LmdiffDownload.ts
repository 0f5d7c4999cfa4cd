import { html, LitElement, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { figureLayout } from "../export/figureSVG.js";
import type { FigureLayout } from "../export/figureFrame.js";
import type { FigureOptionsInput, View } from "../export/figureOptions.js";
import { define } from "./define.js";
import { DownloadEvent, type DownloadFormat } from "./events.js";
import { figureFileName } from "./figureFileName.js";
import { saveBlob } from "./saveBlob.js";
import { svgToPngBlob } from "./svgToPngBlob.js";
import { downloadStyles } from "./downloadStyles.js";
import { theme } from "./theme.js";

/** A figure the control offers: the figureSVG view and what the picker calls it. */
export interface DownloadChoice {
  view: View;
  label: string;
}

/**
 * Download buttons (SVG and PNG) for a view.  The figure is the code
 * path's: `figureSVG(data, { ...options, view })`, the function behind
 * `lmdiff export` and the notebook's `.toSVG()`, so a figure saved from
 * the widget is the figure a script would write with the same options.
 * With several choices a picker says which figure.
 *
 * @fires lmdiff-download - a figure was made; cancel it to save the blob yourself
 */
export class LmdiffDownload extends LitElement {
  static override styles = [theme, downloadStyles];

  /** The text or corpus the figure is drawn from. */
  @property({ attribute: false }) data?: InstanceData | CorpusData;
  /** Figure options besides the view (measure, palette, agg, …), as figureSVG takes them. */
  @property({ attribute: false }) options: Omit<FigureOptionsInput, "view"> = {};
  /** The figures offered; the first is the default. */
  @property({ attribute: false }) choices: readonly DownloadChoice[] = [];

  @state() private view?: View;
  @state() private error = "";

  /** The figure a button would save now (the picked view, else the first choice): its SVG, size and layout. */
  figure(view: View = this.picked()): FigureLayout {
    return figureLayout(this.data!, { ...this.options, view });
  }

  private picked(): View {
    const v = this.view;
    return v && this.choices.some((c) => c.view === v) ? v : this.choices[0].view;
  }

  override render() {
    if (!this.data || this.choices.length === 0) return nothing;
    const view = this.picked();
    return html`<span class="muted">download</span>
      ${
        this.choices.length > 1
          ? html`<select class="figure" aria-label="Figure to download" @change=${this.onPick}>
              ${this.choices.map((c) => html`<option value=${c.view} ?selected=${c.view === view}>${c.label}</option>`)}
            </select>`
          : nothing
      }
      <button class="svg" title="Download the ${view} figure as SVG" @click=${() => this.download("svg")}>SVG</button>
      <button class="png" title="Download the ${view} figure as PNG (2×)" @click=${() => this.download("png")}>PNG</button>
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}`;
  }

  private onPick = (e: Event) => {
    this.view = (e.target as HTMLSelectElement).value as View;
  };

  /** Make the figure, fire lmdiff-download, and unless that is cancelled, save it. */
  async download(format: DownloadFormat): Promise<void> {
    if (!this.data || this.choices.length === 0) return;
    const view = this.picked();
    this.error = "";
    try {
      const figure = this.figure(view);
      const blob = format === "svg" ? new Blob([figure.svg], { type: "image/svg+xml" }) : await svgToPngBlob(figure, 2);
      const filename = figureFileName(this.data.models, view, format);
      const ev = new DownloadEvent(view, format, filename, blob);
      if (this.dispatchEvent(ev)) saveBlob(blob, filename, this.ownerDocument);
    } catch (e) {
      // figureLayout refuses a view it cannot fit without overlapping labels; say why next to the buttons.
      this.error = (e as Error).message;
    }
  }
}

define("lmdiff-download", LmdiffDownload);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-download": LmdiffDownload;
  }
}
