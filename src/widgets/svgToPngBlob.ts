import type { SizedSvg } from "../export/svgSize.js";

/**
 * Rasterise a paper figure in the browser: draw its SVG as an image into a
 * canvas of `scale` pixels per SVG user unit (2, as the Node export's
 * svgToPNG, so a figure of 455 pt becomes 910 pixels wide) on white, and
 * encode it with canvas.toBlob.  The size comes from the figure's layout
 * (figureLayout), not from reading the SVG.
 *
 * The SVG is the same as the code path's (figureSVG), but the pixels may
 * differ slightly from `lmdiff export --format png`: that path draws with
 * resvg and the DejaVu fonts it ships, while a browser draws an SVG image
 * with the fonts installed on the machine (an SVG used as an image cannot
 * load web fonts), so glyph shapes and anti-aliasing can differ.  Use the
 * SVG when the figure must match exactly.
 */
export async function svgToPngBlob(figure: SizedSvg, scale = 2): Promise<Blob> {
  const width = Math.max(1, Math.round(figure.width * scale));
  const height = Math.max(1, Math.round(figure.height * scale));
  const url = URL.createObjectURL(new Blob([figure.svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("lmdiff: the browser could not draw the figure's SVG"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("lmdiff: no 2D canvas to draw the PNG on");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("lmdiff: the canvas could not encode a PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
