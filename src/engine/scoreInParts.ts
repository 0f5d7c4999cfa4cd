import { LmdiffError } from "../core/LmdiffError.js";
import type { Progress } from "./analyze.js";
import type { Model } from "./Model.js";

/** Documents per resumable part: large enough for good batches, small enough to lose little work. */
const PART_TOKENS = 32_768;
const PART_DOCS = 2_048;
/**
 * The first part of a run is small and each next one twice as large, up to
 * PART_TOKENS: the first part is tokenised before anything can be scored,
 * and every later one while the one before it is scored.
 */
const FIRST_PART_TOKENS = 4_096;

/**
 * The scoring loop of an analysis written in parts (analyze, and the joint
 * run analyzePair): from document `done` to the end, the texts are cut
 * into parts, each part scored (`score`) and written (`write`) in document
 * order.  Returns the tokens scored.
 *
 * A pipeline on the main thread: the next part is tokenised (in small
 * slices) while the current one is scored, and a part is scored while the
 * one before it is finished and written, so the scoring workers never wait
 * for a part boundary.  Parts are written strictly in document order, so a
 * killed run always leaves a clean prefix to resume from.
 */
export async function scoreInParts<R>(o: {
  /** The model whose tokenizer cuts the texts. */
  model: Model;
  texts: readonly string[];
  done: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  score: (ids: Int32Array[], onTokens: (n: number) => void) => Promise<R>;
  write: (first: number, last: number, chunk: { ids: Int32Array; text: string }[], result: R) => void;
}): Promise<number> {
  const total = o.texts.length;
  let done = o.done;
  let tokens = 0;
  let docsDone = done;
  const progress = () => o.onProgress?.({ docs: docsDone, totalDocs: total, tokens, phase: "scoring" });
  progress();
  let partTokens = FIRST_PART_TOKENS;
  let pending = done < total ? handled(nextChunk(o.model, o.texts, done, partTokens)) : null;
  let writing: Promise<void> = Promise.resolve();
  try {
    while (done < total) {
      if (o.signal?.aborted) throw new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
      const first = done;
      const chunk = await pending!;
      const last = (done = first + chunk.length);
      partTokens = Math.min(PART_TOKENS, 2 * partTokens);
      pending = done < total ? handled(nextChunk(o.model, o.texts, done, partTokens)) : null;
      const scoring = o.score(
        chunk.map((c) => c.ids),
        (n) => {
          tokens += n;
          progress();
        },
      );
      const previous = writing;
      writing = handled(
        (async () => {
          const result = await scoring;
          await previous;
          o.write(first, last, chunk, result);
          docsDone = last;
          progress();
        })(),
      );
      // At most two parts in flight: the one being finished and this one.
      await previous;
    }
    await writing;
  } catch (e) {
    // Let the part in flight settle (written if it was complete) before reporting.
    await writing.catch(() => undefined);
    throw e;
  }
  return tokens;
}

/**
 * Tokenise the texts of the next part, starting at `start`, up to
 * PART_DOCS texts or `maxTokens` tokens, a few texts per event-loop turn.
 */
async function nextChunk(
  model: Model,
  texts: readonly string[],
  start: number,
  maxTokens: number,
): Promise<{ ids: Int32Array; text: string }[]> {
  const chunk: { ids: Int32Array; text: string }[] = [];
  let tokens = 0;
  let i = start;
  for (;;) {
    const stop = Math.min(texts.length, i + 8);
    while (i < stop && chunk.length < PART_DOCS && tokens < maxTokens) {
      const ids = model.encode(texts[i]);
      chunk.push({ ids, text: texts[i] });
      tokens += ids.length;
      i++;
    }
    if (!(i < texts.length && chunk.length < PART_DOCS && tokens < maxTokens)) return chunk;
    // The next few texts on a later turn of the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Mark a promise as handled without awaiting it yet.  The pipeline keeps
 * the next part's tokenisation and the previous part's writing in flight
 * while it awaits something else; were one of them to reject meanwhile (a
 * cancellation, a full disk), Node would count an unhandled rejection and
 * end the process while onnxruntime was still running.  The promise itself
 * is still awaited later, where its error is reported.
 */
export function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
