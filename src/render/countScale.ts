import { scaleLinear, type ScaleLinear } from "d3-scale";

/**
 * The y scale of a histogram's counts: 0 at `bottom` up to the largest
 * count (at least 1, so an empty histogram still has an axis) at `top`,
 * extended to nice ticks.
 */
export function countScale(counts: ArrayLike<number>, bottom: number, top: number): ScaleLinear<number, number> {
  let max = 0;
  for (let j = 0; j < counts.length; j++) max = Math.max(max, counts[j]);
  return scaleLinear()
    .domain([0, Math.max(1, max)])
    .range([bottom, top])
    .nice();
}

/** About four ticks of a count scale, whole numbers only (a count of 2.5 means nothing), placed for axisLeft. */
export function countTicks(y: ScaleLinear<number, number>): { y: number; label: string }[] {
  return y
    .ticks(4)
    .filter(Number.isInteger)
    .map((t) => ({ y: y(t), label: String(t) }));
}
