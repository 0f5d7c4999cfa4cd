/**
 * Base64 of raw bytes, the one codec every JSON form of lmdiff's data uses
 * (instances, corpus columns, notebook outputs): Buffer in Node, btoa and
 * atob in browsers, so that the pure core runs in both.
 */

/** Base64 of the bytes a typed array views (its own window of the buffer, not the whole buffer). */
export function bytesToBase64(a: ArrayBufferView): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (typeof Buffer !== "undefined") return Buffer.from(bytes).toString("base64");
  let s = "";
  // In slices: String.fromCharCode(...bytes) overflows the call stack on large arrays.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The bytes of a base64 string, in a fresh buffer of their own (offset 0),
 * so that a Float32Array or Int32Array can view them directly: Buffer's
 * pooled slices start at offsets that need not be 4-aligned.
 */
export function base64ToBytes(s: string): Uint8Array {
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(s, "base64"));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
