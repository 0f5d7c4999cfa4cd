import type { ViewSelection } from "../notebook/ViewSelection.js";
import { RangeSelectEvent, SelectDocumentEvent, TokenPinEvent } from "../widgets/events.js";

/**
 * Follow what the reader selects in the live view under `host` (the text
 * opened from the global view, tokens pinned in the instance view, a range
 * brushed on the histogram) and call `send` with the whole selection after
 * each change.  `text` starts as the text already open (a one-text view's
 * own index, or the corpus view's selected text).
 */
export function trackSelection(host: HTMLElement, text: number | null, send: (s: ViewSelection) => void): () => void {
  const s: ViewSelection = { text, tokens: [], range: null };
  const emit = () => send({ text: s.text, tokens: [...s.tokens], range: s.range && { ...s.range, texts: [...s.range.texts] } });
  const onText = (e: Event) => {
    const i = (e as SelectDocumentEvent).index;
    if (i === s.text) return;
    s.text = i;
    s.tokens = [];
    emit();
  };
  const onPin = (e: Event) => {
    const { index, pinned } = e as TokenPinEvent;
    s.tokens = s.tokens.filter((t) => t !== index);
    if (pinned) s.tokens.push(index);
    emit();
  };
  const onRange = (e: Event) => {
    const r = e as RangeSelectEvent;
    s.range = r.range ? { column: r.measure, min: r.range[0], max: r.range[1], texts: [...r.texts] } : null;
    emit();
  };
  host.addEventListener(SelectDocumentEvent.eventName, onText);
  host.addEventListener(TokenPinEvent.eventName, onPin);
  host.addEventListener(RangeSelectEvent.eventName, onRange);
  return () => {
    host.removeEventListener(SelectDocumentEvent.eventName, onText);
    host.removeEventListener(TokenPinEvent.eventName, onPin);
    host.removeEventListener(RangeSelectEvent.eventName, onRange);
  };
}
