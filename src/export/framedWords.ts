/**
 * A legend's sentences as a LaTeX strip says them: in grayscale the strip
 * frames model 2's boxes instead of dashing them, so "solid:" and
 * "dashed:" become "unframed:" and "framed:".
 */
export function framedWords(words: readonly string[], grayscale: boolean): string[] {
  return words.map((w) => (grayscale ? w.replace(/^solid:/, "unframed:").replace(/^dashed:/, "framed:") : w));
}
