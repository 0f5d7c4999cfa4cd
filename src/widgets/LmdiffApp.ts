import { html, LitElement, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { isByteMeasure, type CorpusMeasure, type Measure } from "../core/measures.js";
import { corpusMeasures } from "../render/corpusMeasures.js";
import { palette } from "../render/palette.js";
import type { PaletteName, RankBy } from "../render/renderOptions.js";
import { define } from "./define.js";
import { MeasureChangeEvent, SelectDocumentEvent } from "./events.js";
import "./LmdiffAlignedView.js";
import "./LmdiffGlobalView.js";
import "./LmdiffInstanceView.js";
import { appStyles } from "./appStyles.js";
import { theme } from "./theme.js";

/** One text's data: token-level (one tokenizer) or byte-aligned (two tokenizers). */
export type AppInstance = InstanceData | AlignedData;

/** Instances by corpus index, as a Map or a plain record. */
export type InstanceCache = Map<number, AppInstance> | Record<number, AppInstance>;

/**
 * The whole LMdiff tool: a header naming the two models in their colours,
 * the global view, and the instance view of the chosen text.  A chosen
 * text comes from `instances` when it is there (a notebook can embed the
 * outliers), else from `loadInstance` (a server), else it says so.  With
 * `liveAnalyze` set, a free-text box compares the models on any text.  A
 * text of two models with different tokenizers (AlignedData, whose JSON
 * has `aligned: true`) is shown in <lmdiff-aligned-view> instead of the
 * token-level instance view.
 */
export class LmdiffApp extends LitElement {
  static override styles = [theme, appStyles];

  /** The corpus comparison for the global view (optional). */
  @property({ attribute: false }) corpus?: CorpusData;
  /** Embedded instances by corpus index. */
  @property({ attribute: false }) instances?: InstanceCache;
  /** Fetches an instance that is not embedded (e.g. from the server). */
  @property({ attribute: false }) loadInstance?: (index: number) => Promise<AppInstance>;
  /** When set, a free-text box is shown and its text analysed with this function. */
  @property({ attribute: false }) liveAnalyze?: (text: string) => Promise<AppInstance>;
  /** The instance shown (settable directly). */
  @property({ attribute: false }) instance?: AppInstance;
  /**
   * Measure shared by both views.  The global view shows it when the corpus
   * has its columns (the single-model measures have none), else the first
   * measure it has (prob_diff for one tokenizer); a token-level text
   * shows a token measure (else prob_diff), a text of two tokenizers a
   * byte measure (else bits_diff).
   */
  @property() measure: Measure = "prob_diff";
  /** How the global view ranks its texts: "significance" (default) or "raw" (see LmdiffGlobalView.rankBy). */
  @property() rankBy: RankBy = "significance";
  /** Colour palette. */
  @property() palette: PaletteName = "rdbu";

  /** The last result of liveAnalyze, so its view is headed "your text" rather than by its index. */
  private liveInstance?: AppInstance;
  @state() private status: { kind: "idle" } | { kind: "loading"; what: string } | { kind: "error"; message: string } = { kind: "idle" };
  private request = 0;

  override render() {
    const models = this.corpus?.models ?? this.instance?.models;
    const pal = palette(this.palette);
    const has = this.corpus ? corpusMeasures(this.corpus, "mean") : [];
    const corpusHas = (has as readonly Measure[]).includes(this.measure);
    const globalMeasure: CorpusMeasure = corpusHas
      ? (this.measure as CorpusMeasure)
      : has.includes("prob_diff")
        ? "prob_diff"
        : (has[0] ?? "prob_diff");
    return html`<header>
        <h2>LMdiff</h2>
        ${
          models
            ? html`<span class="model m1"
                  ><span class="swatch" style="background:${pal.model1}"></span>model 1: <b>${models[0].name}</b></span
                >
                <span class="model m2"
                  ><span class="swatch" style="background:${pal.model2}"></span>model 2: <b>${models[1].name}</b></span
                >`
            : nothing
        }
        ${this.corpus ? html`<span class="muted">${this.corpus.dataset} · ${this.corpus.text.length} texts</span>` : nothing}
      </header>
      ${
        this.corpus
          ? html`<section class="global">
              <lmdiff-global-view
                .data=${this.corpus}
                .measure=${globalMeasure}
                .palette=${this.palette}
                .rankBy=${this.rankBy}
                @lmdiff-select-document=${this.onSelect}
                @lmdiff-measure-change=${this.onMeasure}
              ></lmdiff-global-view>
            </section>`
          : nothing
      }
      ${
        this.liveAnalyze
          ? html`<section class="live">
              <textarea aria-label="Text to compare" placeholder="Type a text to compare the two models on it"></textarea>
              <button class="analyze" @click=${this.onAnalyze}>compare</button>
            </section>`
          : nothing
      }
      <section class="instance" aria-live="polite">
        ${this.status.kind === "loading" ? html`<p class="muted">Loading ${this.status.what}…</p>` : nothing}
        ${this.status.kind === "error" ? html`<p class="error">${this.status.message}</p>` : nothing}
        ${
          this.instance
            ? this.instanceView(this.instance)
            : this.status.kind === "idle"
              ? html`<p class="muted">Choose a text in the list to see it token by token.</p>`
              : nothing
        }
      </section>`;
  }

  /** The view of one text: token by token, or on bytes for two tokenizers, each in a measure it has. */
  private instanceView(d: AppInstance) {
    const heading = d === this.liveInstance ? "your text" : `text #${d.index}`;
    if (isAligned(d))
      return html`<lmdiff-aligned-view
        .data=${d}
        .heading=${heading}
        .measure=${isByteMeasure(this.measure) ? this.measure : "bits_diff"}
        .palette=${this.palette}
        @lmdiff-measure-change=${this.onMeasure}
      ></lmdiff-aligned-view>`;
    return html`<lmdiff-instance-view
      .data=${d}
      .heading=${heading}
      .measure=${isByteMeasure(this.measure) ? "prob_diff" : this.measure}
      .palette=${this.palette}
      @lmdiff-measure-change=${this.onMeasure}
    ></lmdiff-instance-view>`;
  }

  private cached(index: number): AppInstance | undefined {
    const c = this.instances;
    if (!c) return undefined;
    return c instanceof Map ? c.get(index) : c[index];
  }

  /** Show the text with this corpus index: from the cache, else via loadInstance. */
  async showDocument(index: number): Promise<void> {
    const req = ++this.request;
    const hit = this.cached(index);
    if (hit) {
      this.instance = hit;
      this.status = { kind: "idle" };
      return;
    }
    if (!this.loadInstance) {
      this.status = { kind: "error", message: `Text #${index} is not embedded in this view, and no loader is connected.` };
      return;
    }
    this.status = { kind: "loading", what: `text #${index}` };
    try {
      const d = await this.loadInstance(index);
      if (req !== this.request) return; // a later click won
      this.instance = d;
      this.status = { kind: "idle" };
    } catch (e) {
      if (req === this.request) this.status = { kind: "error", message: `Could not load text #${index}: ${(e as Error).message}` };
    }
  }

  private onSelect = (e: SelectDocumentEvent) => {
    void this.showDocument(e.index);
  };

  private onMeasure = (e: MeasureChangeEvent) => {
    this.measure = e.measure;
  };

  private onAnalyze = async () => {
    const ta = this.renderRoot.querySelector("textarea");
    const text = ta?.value ?? "";
    if (!this.liveAnalyze || !text.trim()) return;
    const req = ++this.request;
    this.status = { kind: "loading", what: "the comparison" };
    try {
      const d = await this.liveAnalyze(text);
      if (req !== this.request) return;
      this.liveInstance = d;
      this.instance = d;
      this.status = { kind: "idle" };
    } catch (e) {
      if (req === this.request) this.status = { kind: "error", message: (e as Error).message };
    }
  };
}

define("lmdiff-app", LmdiffApp);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-app": LmdiffApp;
  }
}
