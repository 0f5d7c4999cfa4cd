import type { Measure } from "../core/measures.js";
import type { View } from "../export/figureOptions.js";

/**
 * The events the lmdiff elements fire.  All bubble and are composed, so a
 * page or notebook can listen on any ancestor, through shadow roots.
 */
const init = { bubbles: true, composed: true } as const;

/** The user picked another measure. */
export class MeasureChangeEvent extends Event {
  static readonly eventName = "lmdiff-measure-change";
  constructor(readonly measure: Measure) {
    super(MeasureChangeEvent.eventName, init);
  }
}

/** The pointer or keyboard focus moved to a token (index), or off the tokens (null). */
export class TokenHoverEvent extends Event {
  static readonly eventName = "lmdiff-token-hover";
  constructor(readonly index: number | null) {
    super(TokenHoverEvent.eventName, init);
  }
}

/** A token's card was pinned (pinned = true) or unpinned. */
export class TokenPinEvent extends Event {
  static readonly eventName = "lmdiff-token-pin";
  constructor(
    readonly index: number,
    readonly pinned: boolean,
  ) {
    super(TokenPinEvent.eventName, init);
  }
}

/** A text of the corpus was chosen in the global view; `index` is its corpus index. */
export class SelectDocumentEvent extends Event {
  static readonly eventName = "lmdiff-select-document";
  constructor(readonly index: number) {
    super(SelectDocumentEvent.eventName, init);
  }
}

/**
 * A value range was brushed on the global histogram (`range` = [min, max]
 * of the measure's aggregate), or cleared (null).  `texts` holds the corpus
 * indices of the texts inside it, in corpus order.
 */
export class RangeSelectEvent extends Event {
  static readonly eventName = "lmdiff-range-select";
  constructor(
    readonly measure: string,
    readonly range: readonly [number, number] | null,
    readonly texts: readonly number[],
  ) {
    super(RangeSelectEvent.eventName, init);
  }
}

/** A pinned card's close button was pressed (handled by the instance view, which fires TokenPinEvent). */
export class CardCloseEvent extends Event {
  static readonly eventName = "lmdiff-card-close";
  constructor(readonly index: number) {
    super(CardCloseEvent.eventName, init);
  }
}

/** The file formats of the download buttons. */
export type DownloadFormat = "svg" | "png";

/**
 * A figure was made for download.  It is cancelable: a host that saves
 * files its own way (a notebook kernel, an app with a "save as" dialog)
 * calls preventDefault() and keeps `blob`, and the browser download does
 * not start.
 */
export class DownloadEvent extends Event {
  static readonly eventName = "lmdiff-download";
  constructor(
    readonly view: View,
    readonly format: DownloadFormat,
    readonly filename: string,
    readonly blob: Blob,
  ) {
    super(DownloadEvent.eventName, { ...init, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    "lmdiff-measure-change": MeasureChangeEvent;
    "lmdiff-token-hover": TokenHoverEvent;
    "lmdiff-token-pin": TokenPinEvent;
    "lmdiff-select-document": SelectDocumentEvent;
    "lmdiff-card-close": CardCloseEvent;
    "lmdiff-download": DownloadEvent;
  }
}
