import { textCells } from "./textWidth.js";

/**
 * Advance widths of DejaVu Sans and DejaVu Serif (regular and bold; the
 * oblique and italic faces have the same advances), in thousandths of an
 * em, for printable ASCII and the symbols lmdiff draws.  Read once from the
 * TTF files of dejavu-fonts-ttf 2.37 with fontkit (glyphForCodePoint(cp).
 * advanceWidth / unitsPerEm) and kept here as data so that laying out
 * labels stays a pure function that also runs in a browser.
 *
 * The table lives in the render core, not in the figure export that first
 * needed it, so that the live views (whose labels render measures with
 * labelWidth) and the paper figures share one copy of it in the browser
 * bundle.
 *
 * Characters not in the table count 0.65 em (about the widest Latin lower
 * case), or 1 em when they are wide (East Asian, emoji).  Kerning is left
 * out, which errs on the wide side.
 */
export type DejaVuWidthFace = "sans" | "sansBold" | "serif" | "serifBold";

const CHARS =
  " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ÄÖÜäöüßéèáàç−·…▶≥≤∞␣↵⇥⟨⟩–—“”‘’°×±µ";
const TABLE: Record<DejaVuWidthFace, string> = {
  sans: "318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,684,787,732,613,612,634,630,615,615,613,613,550,838,318,1000,769,838,838,833,635,838,838,390,390,500,1000,518,518,318,318,500,838,838,636",
  sansBold:
    "348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838,774,850,812,675,687,712,719,678,678,675,675,593,838,380,1000,769,838,838,833,716,838,838,457,457,500,1000,657,657,380,380,500,838,838,736",
  serif:
    "318,402,460,838,636,950,890,275,390,390,500,838,318,338,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,536,1000,722,735,765,802,730,694,799,872,395,401,747,664,1024,875,820,673,820,753,685,667,843,722,1028,712,660,695,390,337,390,838,500,500,596,640,560,640,592,370,640,644,320,310,606,320,948,644,602,640,640,478,513,402,644,565,856,564,565,527,636,337,636,838,722,820,843,596,602,644,668,592,592,596,596,560,838,318,1000,769,838,838,833,764,838,838,390,390,500,1000,511,511,318,318,500,838,838,650",
  serifBold:
    "348,439,521,838,696,950,903,306,473,473,523,838,348,415,348,365,696,696,696,696,696,696,696,696,696,696,369,369,838,838,838,586,1000,776,845,796,867,762,710,854,945,468,473,869,703,1107,914,871,752,871,831,722,744,872,776,1123,776,714,730,473,365,473,838,500,500,648,699,609,699,636,430,699,727,380,362,693,380,1058,727,667,699,699,527,563,462,727,581,861,596,581,568,643,364,643,838,776,871,872,648,667,727,760,636,636,648,648,609,838,348,1000,769,838,838,833,834,838,838,457,457,500,1000,575,575,348,348,500,838,838,732",
};

let maps: Record<DejaVuWidthFace, Map<string, number>> | undefined;

function widths(): Record<DejaVuWidthFace, Map<string, number>> {
  if (maps) return maps;
  const chars = [...CHARS];
  const m = {} as Record<DejaVuWidthFace, Map<string, number>>;
  for (const k of Object.keys(TABLE) as DejaVuWidthFace[]) {
    const w = TABLE[k].split(",").map(Number);
    m[k] = new Map(chars.map((c, i) => [c, w[i]]));
  }
  return (maps = m);
}

/** Width of `s` in user units at `fontSize` in a DejaVu Sans or Serif face. */
export function dejavuWidth(s: string, fontSize: number, face: DejaVuWidthFace): number {
  const table = widths()[face];
  let w = 0;
  for (const ch of s) {
    const known = table.get(ch);
    if (known !== undefined) w += known;
    else {
      const cells = textCells(ch);
      w += cells === 0 ? 0 : cells === 2 ? 1000 : 650;
    }
  }
  return (w / 1000) * fontSize;
}
