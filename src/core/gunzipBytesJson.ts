/**
 * The JSON value in gzip bytes (a widget's binary buffer, or the bytes of
 * gunzipJson's base64), with the web's DecompressionStream.  The bytes are
 * copied into a buffer of their own: a view into a larger buffer (a
 * DataView of a message) must not hand the rest of it to the stream.
 */
export async function gunzipBytesJson(bytes: ArrayBufferView): Promise<unknown> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const stream = new Blob([copy]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}
