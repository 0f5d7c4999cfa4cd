/**
 * A LaTeX snippet as a whole document (article class) whose page is as
 * wide as a text block of `width` points plus half-inch margins, with the
 * packages the snippets need: T1 fonts, inputenc, lmodern and color.
 */
export function latexDocument(snippet: string, width: number): string {
  return [
    "\\documentclass{article}",
    "\\usepackage[T1]{fontenc}",
    "\\usepackage[utf8]{inputenc}",
    "\\usepackage{lmodern}",
    "\\usepackage{color}",
    // Half-inch margins around a text block of the figure's width; the page is as wide as that.
    `\\setlength{\\textwidth}{${width}pt}`,
    "\\setlength{\\oddsidemargin}{0pt}\\setlength{\\evensidemargin}{0pt}\\setlength{\\hoffset}{-0.5in}",
    "\\setlength{\\topmargin}{0pt}\\setlength{\\headheight}{0pt}\\setlength{\\headsep}{0pt}\\setlength{\\voffset}{-0.5in}",
    `\\setlength{\\paperwidth}{\\dimexpr${width}pt+1in\\relax}\\setlength{\\pdfpagewidth}{\\paperwidth}`,
    "\\setlength{\\parindent}{0pt}",
    "\\pagestyle{empty}",
    "\\begin{document}",
    snippet.trimEnd(),
    "\\end{document}",
    "",
  ].join("\n");
}

/** A comment line must not contain a newline. */
export function latexComment(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}
