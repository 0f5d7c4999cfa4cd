/** The JSON value in gzip bytes (a widget's binary buffer), with the web's DecompressionStream. */
export async function gunzipBytesJson(bytes: ArrayBufferView): Promise<unknown> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const stream = new Blob([copy]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}
