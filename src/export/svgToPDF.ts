import PDFDocument from "pdfkit";
import { LmdiffError } from "../core/LmdiffError.js";
import { checkKeys } from "../core/options.js";
import type { DejaVuFace } from "./dejavuFaces.js";
import { dejavuFont } from "./dejavuFonts.js";
import { drawSvgNode, type DrawContext } from "./drawSvg.js";
import { parseSvg } from "./parseSvg.js";
import { svgSize, type SizedSvg } from "./svgSize.js";

export interface PDFOptions {
  /** The document title in the PDF's metadata. */
  title?: string;
}

/** pdfkit keeps the fontkit font of an embedded TTF here; used only to ask for glyphs. */
interface FontWithGlyphs {
  font?: { hasGlyphForCodePoint?(cp: number): boolean };
}

/**
 * The PDF's creation date: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), so a paper's build can regenerate
 * byte-identical figures; otherwise now.
 */
function creationDate(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date();
  if (!/^\d+$/.test(epoch)) throw new LmdiffError(`invalid SOURCE_DATE_EPOCH "${epoch}" (expected seconds since 1970)`, "bad-option");
  return new Date(Number(epoch) * 1000);
}

/**
 * A one-page PDF of an SVG, the page exactly the SVG's size in points
 * (figureSVG's figures are sized in points, so a 455-unit-wide figure is a
 * 455 pt page).  The drawing is translated element by element (drawSvg),
 * with text as real text in the DejaVu fonts, embedded as subsets, so the
 * PDF looks the same everywhere and its text can be selected and searched.
 * With SOURCE_DATE_EPOCH set, the same figure gives the same bytes.  Given
 * a paper figure's layout (figureLayout), the page is sized from the
 * layout; the SVG is read only to draw it, never to lay anything out.
 */
export async function svgToPDF(svg: string | SizedSvg, options: PDFOptions = {}): Promise<Uint8Array> {
  checkKeys("PDF", options, ["title"]);
  const size = svgSize(svg);
  const root = parseSvg(typeof svg === "string" ? svg : svg.svg);
  const doc = new PDFDocument({
    size: [size.widthPt, size.heightPt],
    margin: 0,
    // Start in an embedded face, so the PDF never refers to the standard Helvetica.
    font: dejavuFont("DejaVuSans"),
    info: { Title: options.title ?? "lmdiff figure", Creator: "lmdiff", Producer: "lmdiff (pdfkit)", CreationDate: creationDate() },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  const registered = new Set<DejaVuFace>();
  const glyphs = new Map<DejaVuFace, FontWithGlyphs["font"]>();
  const useFace = (face: DejaVuFace) => {
    if (!registered.has(face)) {
      doc.registerFont(face, dejavuFont(face));
      registered.add(face);
    }
    doc.font(face);
  };
  const ctx: DrawContext = {
    doc,
    useFace,
    hasGlyph(face, cp) {
      if (!glyphs.has(face)) {
        useFace(face);
        glyphs.set(face, (doc as unknown as { _font: FontWithGlyphs })._font.font);
      }
      const f = glyphs.get(face);
      // Without fontkit's answer, assume the glyph is there (the face's own missing-glyph box shows otherwise).
      return f?.hasGlyphForCodePoint ? f.hasGlyphForCodePoint(cp) : true;
    },
  };
  doc.save();
  doc.transform(
    size.widthPt / size.width,
    0,
    0,
    size.heightPt / size.height,
    (-size.x * size.widthPt) / size.width,
    (-size.y * size.heightPt) / size.height,
  );
  drawSvgNode(ctx, root);
  doc.restore();
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
