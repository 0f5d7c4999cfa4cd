import path from "node:path";
import { test } from "node:test";
import { globalHistogram } from "../../src/render/globalHistogram.js";
import { instanceFigure } from "../../src/render/instanceFigure.js";
import { measureHistogram } from "../../src/render/measureHistogram.js";
import { stepPlots } from "../../src/render/stepPlots.js";
import { tokenStrip } from "../../src/render/tokenStrip.js";
import { topkTable } from "../../src/render/topkTable.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { klScatter } from "../../src/render/klScatter.js";
import { fixturePairCorpus, fixturePairInstance } from "../fixtures/pair.js";
import { svgSnapshot } from "../helpers/svgSnapshot.js";

/**
 * Each chart rendered from the fixed fixtures is compared with a committed
 * SVG in __snapshots__ (see svgSnapshot).
 */
const DIR = path.join(__dirname, "__snapshots__");

const inst = fixtureInstance();
const corpus = fixtureCorpus();
const pairInst = fixturePairInstance();
const pairCorpus = fixturePairCorpus();
const cases: [string, () => string][] = [
  ["token-strip-prob-diff", () => tokenStrip(inst, { width: 400 })],
  ["token-strip-rank-diff-grayscale", () => tokenStrip(inst, { width: 400, measure: "rank_diff", grayscale: true })],
  ["token-strip-rank-1", () => tokenStrip(inst, { width: 400, measure: "rank_1" })],
  ["step-plots-highlight", () => stepPlots(inst, { width: 500, highlight: 3 })],
  ["measure-histogram-rank-diff", () => measureHistogram(inst, { width: 500, measure: "rank_diff", bins: 10 })],
  ["measure-histogram-entropy-diff", () => measureHistogram(inst, { width: 500, measure: "entropy_diff", bins: 8 })],
  ["global-histogram-brushed", () => globalHistogram(corpus, { width: 500, bins: 12, outliers: 3, brush: [-0.05, 0.1] })],
  ["global-histogram-topk-puor", () => globalHistogram(corpus, { width: 500, measure: "topk_diff", bins: 10, palette: "puor" })],
  ["topk-table", () => topkTable(inst, 9, { width: 560 })],
  ["instance-figure", () => instanceFigure(inst, { width: 600 })],
  ["token-strip-kl", () => tokenStrip(pairInst, { width: 400, measure: "kl" })],
  ["measure-histogram-top1-agree", () => measureHistogram(pairInst, { width: 500, measure: "top1_agree" })],
  ["measure-histogram-kl", () => measureHistogram(pairInst, { width: 500, measure: "kl", bins: 10 })],
  ["global-histogram-kl", () => globalHistogram(pairCorpus, { width: 500, measure: "kl", bins: 10 })],
  ["kl-scatter", () => klScatter(pairCorpus, { width: 500 })],
  ["kl-scatter-grayscale-narrow", () => klScatter(pairCorpus, { width: 320, grayscale: true, plotHeight: 160 })],
];

for (const [name, render] of cases) test(`snapshot ${name} renders as committed`, () => svgSnapshot(DIR, name, render()));
