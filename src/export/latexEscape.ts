/**
 * Text as LaTeX that pdflatex compiles whatever the input encoding: the
 * output is plain ASCII.  The ten special characters (\ { } $ & # ^ _ % ~)
 * and < > | " become commands; accented Latin letters become accent
 * commands on their base letter (ü → \"{u}, by Unicode decomposition);
 * common letters, punctuation and symbols get their LaTeX names; and
 * everything else — emoji, CJK, Cyrillic — becomes a visible placeholder
 * box with the code point, \lmdiffchar{1F600}, which the snippet defines.
 *
 * The commands assume the T1 font encoding with the TS1 companion symbols
 * (\usepackage[T1]{fontenc}, as the ACL and most paper templates load),
 * which lmodern and the usual Type 1 fonts provide.
 */
const SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  '"': "\\textquotedbl{}",
};

const NAMED: Record<string, string> = {
  ß: "\\ss{}",
  æ: "\\ae{}",
  Æ: "\\AE{}",
  œ: "\\oe{}",
  Œ: "\\OE{}",
  ø: "\\o{}",
  Ø: "\\O{}",
  ł: "\\l{}",
  Ł: "\\L{}",
  đ: "\\dj{}",
  Đ: "\\DJ{}",
  ð: "\\dh{}",
  Ð: "\\DH{}",
  þ: "\\th{}",
  Þ: "\\TH{}",
  ı: "\\i{}",
  ȷ: "\\j{}",
  ŋ: "\\ng{}",
  Ŋ: "\\NG{}",
  "¡": "\\textexclamdown{}",
  "¿": "\\textquestiondown{}",
  "«": "\\guillemotleft{}",
  "»": "\\guillemotright{}",
  "‹": "\\guilsinglleft{}",
  "›": "\\guilsinglright{}",
  "“": "\\textquotedblleft{}",
  "”": "\\textquotedblright{}",
  "‘": "\\textquoteleft{}",
  "’": "\\textquoteright{}",
  "„": "\\quotedblbase{}",
  "‚": "\\quotesinglbase{}",
  "–": "\\textendash{}",
  "—": "\\textemdash{}",
  "…": "\\textellipsis{}",
  "•": "\\textbullet{}",
  "·": "\\textperiodcentered{}",
  "£": "\\pounds{}",
  "€": "\\texteuro{}",
  "¢": "\\textcent{}",
  "¥": "\\textyen{}",
  "§": "\\S{}",
  "¶": "\\P{}",
  "©": "\\copyright{}",
  "®": "\\textregistered{}",
  "™": "\\texttrademark{}",
  "°": "\\textdegree{}",
  "±": "\\textpm{}",
  "×": "\\texttimes{}",
  "÷": "\\textdiv{}",
  µ: "\\textmu{}",
  "¬": "\\textlnot{}",
  "¹": "\\textonesuperior{}",
  "²": "\\texttwosuperior{}",
  "³": "\\textthreesuperior{}",
  "½": "\\textonehalf{}",
  "¼": "\\textonequarter{}",
  "¾": "\\textthreequarters{}",
  "†": "\\dag{}",
  "‡": "\\ddag{}",
  "−": "\\textminus{}",
  "‰": "\\textperthousand{}",
  "\u00a0": "~",
  "\u00ad": "\\-",
  "\u200b": "",
  "\u200d": "",
  "\ufeff": "",
  "←": "\\ensuremath{\\leftarrow}",
  "→": "\\ensuremath{\\rightarrow}",
  "↵": "\\ensuremath{\\hookleftarrow}",
  "⇥": "\\ensuremath{\\rightarrow}",
  "≥": "\\ensuremath{\\geq}",
  "≤": "\\ensuremath{\\leq}",
  "≠": "\\ensuremath{\\neq}",
  "≈": "\\ensuremath{\\approx}",
  "∞": "\\ensuremath{\\infty}",
  "␣": "\\textvisiblespace{}",
  "▶": "\\ensuremath{\\triangleright}",
  "⟨": "\\ensuremath{\\langle}",
  "⟩": "\\ensuremath{\\rangle}",
  "′": "\\ensuremath{'}",
};

const GREEK = "αβγδεζηθικλμνξοπρςστυφχψω";
const GREEK_NAMES =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon phi chi psi omega".split(
    " ",
  );
const GREEK_UPPER: Record<string, string> = {
  Γ: "Gamma",
  Δ: "Delta",
  Θ: "Theta",
  Λ: "Lambda",
  Ξ: "Xi",
  Π: "Pi",
  Σ: "Sigma",
  Υ: "Upsilon",
  Φ: "Phi",
  Ψ: "Psi",
  Ω: "Omega",
};
for (let i = 0; i < GREEK.length; i++) NAMED[GREEK[i]] = GREEK_NAMES[i] === "o" ? "o" : `\\ensuremath{\\${GREEK_NAMES[i]}}`;
for (const [c, n] of Object.entries(GREEK_UPPER)) NAMED[c] = `\\ensuremath{\\${n}}`;

/** Combining marks and the text accent commands that put them on a letter. */
const ACCENTS: Record<number, string> = {
  0x300: "`",
  0x301: "'",
  0x302: "^",
  0x303: "~",
  0x304: "=",
  0x306: "u",
  0x307: ".",
  0x308: '"',
  0x30a: "r",
  0x30b: "H",
  0x30c: "v",
  0x323: "d",
  0x327: "c",
  0x328: "k",
  0x331: "b",
};

/** Characters that form TeX ligatures with a following one ("--", ",,", "``", "!`", "<<"); a {} after them keeps the text as typed. */
const LIGATURE_START = new Set(["-", ",", "'", "`", "!", "?"]);

function accented(ch: string): string | null {
  const d = ch.normalize("NFD");
  const base = d[0];
  if (d.length < 2 || !/[A-Za-z]/.test(base)) return null;
  let out = base === "i" ? "\\i{}" : base === "j" ? "\\j{}" : base;
  for (const mark of d.slice(1)) {
    const cmd = ACCENTS[mark.codePointAt(0)!];
    if (!cmd) return null;
    out = `\\${cmd}{${out}}`;
  }
  return out;
}

/** One character (code point) as LaTeX. */
export function latexChar(ch: string): string {
  if (SPECIAL[ch] !== undefined) return SPECIAL[ch];
  if (NAMED[ch] !== undefined) return NAMED[ch];
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  if (ch === "\t") return "\\ensuremath{\\rightarrow}";
  return accented(ch) ?? `\\lmdiffchar{${cp.toString(16).toUpperCase().padStart(4, "0")}}`;
}

/**
 * Escape `s` for LaTeX.  With `spaces: "visible"` every space becomes a
 * control space ("\ "), so that runs of spaces and a token's leading space
 * keep their width, as the token strip needs; newlines are the caller's.
 */
export function latexEscape(s: string, spaces: "normal" | "visible" = "normal"): string {
  let out = "";
  const chars = [...s];
  chars.forEach((ch, i) => {
    if (ch === " ") out += spaces === "visible" ? "\\ " : " ";
    else out += latexChar(ch);
    if (LIGATURE_START.has(ch) && i + 1 < chars.length && /[-,'`<>!?]/.test(chars[i + 1])) out += "{}";
  });
  return out;
}

/** The definition of the placeholder latexEscape writes for characters without a LaTeX form. */
export const LMDIFF_CHAR_DEF = "\\providecommand{\\lmdiffchar}[1]{\\fbox{\\tiny\\normalfont U+#1}}";
