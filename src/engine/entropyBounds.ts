/**
 * Bounds on the entropy (nats) of a distribution over `vocab` tokens of
 * which only some probabilities are known (a server's top-k, plus the
 * actual token), each of the others at most `cap` (the smallest top-k
 * probability, since they are outside the top-k).
 *
 * The known tokens contribute −Σ p ln p exactly.  The rest, mass r over
 * m = vocab − known tokens: −x ln x is concave, so the unknown part's
 * entropy is largest when r is spread evenly (r ln(m / r)) and smallest at
 * a vertex of {0 ≤ qᵢ ≤ cap, Σ qᵢ = r}: ⌊r / cap⌋ tokens at cap and one
 * with the remainder.  Rounding of the server's numbers can make the known
 * mass exceed 1 slightly; r is then 0 and both bounds are the known part.
 */
export function entropyBounds(known: ArrayLike<number>, cap: number, vocab: number): { lower: number; upper: number } {
  let mass = 0;
  let h = 0;
  for (let i = 0; i < known.length; i++) {
    const p = known[i];
    mass += p;
    if (p > 0) h -= p * Math.log(p);
  }
  const r = 1 - mass;
  const m = vocab - known.length;
  if (!(r > 1e-9) || m <= 0 || !(cap > 0)) return { lower: h, upper: h };
  const upper = h + r * Math.log(m / r);
  const full = Math.min(m, Math.floor(r / cap));
  const rest = Math.max(0, r - full * cap);
  const lower = h - full * cap * Math.log(cap) - (rest > 0 ? rest * Math.log(rest) : 0);
  return { lower: Math.min(lower, upper), upper };
}
