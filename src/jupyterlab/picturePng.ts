import { base64ToBytes, bytesToBase64 } from "../core/base64.js";
import { svgToPngBlob } from "../widgets/svgToPngBlob.js";
import { outputHtml, type OutputData } from "./readViewPayload.js";

const SVG_DATA_URL = "data:image/svg+xml;base64,";

/** A PNG for the output, base64 as nbformat stores it, and its size in CSS pixels. */
export interface OutputPng {
  base64: string;
  width: number;
  height: number;
}

/**
 * The output's static picture (the SVG of its text/html fallback <img>,
 * made by the kernel from the same data as the live view) as a PNG at two
 * pixels per unit, for GitHub and nbviewer, which show image/png but not
 * lmdiff's own entry.  Null when the output has no such picture.
 */
export async function picturePng(data: OutputData): Promise<OutputPng | null> {
  const img = outputHtml(data)?.querySelector("img.lmdiff-fallback");
  const src = img?.getAttribute("src") ?? "";
  if (!src.startsWith(SVG_DATA_URL)) return null;
  const svg = new TextDecoder().decode(base64ToBytes(src.slice(SVG_DATA_URL.length)));
  const width = Number(img!.getAttribute("width"));
  const height = Number(img!.getAttribute("height"));
  if (!(width > 0 && height > 0)) return null;
  return { base64: bytesToBase64(new Uint8Array(await (await svgToPngBlob({ svg, width, height }, 2)).arrayBuffer())), width, height };
}
