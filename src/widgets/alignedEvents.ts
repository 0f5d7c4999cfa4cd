/**
 * The events of <lmdiff-aligned-view>, the view of a text read by two
 * tokenizers, beside the shared ones in events.ts (MeasureChangeEvent,
 * DownloadEvent).  All bubble and are composed, so a page or notebook can
 * listen on any ancestor, through shadow roots.
 */
const init = { bubbles: true, composed: true } as const;

/**
 * The pointer moved onto a token of one model's row (side 0: model 1,
 * side 1: model 2; index: the token's index in that model's tokens), or
 * off the tokens (both null).
 */
export class AlignedTokenHoverEvent extends Event {
  static readonly eventName = "lmdiff-aligned-token-hover";
  constructor(
    readonly side: 0 | 1 | null,
    readonly index: number | null,
  ) {
    super(AlignedTokenHoverEvent.eventName, init);
  }
}

/** The pointer moved onto a character (its index in the text's code points) in the bits plot, or off it (null). */
export class CharHoverEvent extends Event {
  static readonly eventName = "lmdiff-char-hover";
  constructor(readonly index: number | null) {
    super(CharHoverEvent.eventName, init);
  }
}

/** A character was selected (clicked, or moved to with the arrow keys), or the selection cleared (null). */
export class CharSelectEvent extends Event {
  static readonly eventName = "lmdiff-char-select";
  constructor(readonly index: number | null) {
    super(CharSelectEvent.eventName, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    "lmdiff-aligned-token-hover": AlignedTokenHoverEvent;
    "lmdiff-char-hover": CharHoverEvent;
    "lmdiff-char-select": CharSelectEvent;
  }
}
