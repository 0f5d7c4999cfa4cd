import assert from "node:assert/strict";
import { test } from "node:test";
import { base64ToBytes, bytesToBase64 } from "../../src/core/base64.ts";

test("bytesToBase64 and base64ToBytes round-trip bytes, the empty array included", () => {
  for (const bytes of [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0, 255, 1, 254, 127)])
    assert.deepEqual(base64ToBytes(bytesToBase64(bytes)), bytes);
  assert.equal(bytesToBase64(Uint8Array.of(104, 105)), "aGk=");
});

test("bytesToBase64(view) encodes only the view's window of its buffer", () => {
  const whole = Float32Array.of(1, 2, 3, 4);
  const part = whole.subarray(1, 3);
  assert.deepEqual(new Float32Array(base64ToBytes(bytesToBase64(part)).buffer), Float32Array.of(2, 3));
});

test("base64ToBytes gives a buffer of its own at offset 0, so 4-byte arrays can view it", () => {
  const b = base64ToBytes(bytesToBase64(Int32Array.of(-1, 7)));
  assert.equal(b.byteOffset, 0);
  assert.equal(b.buffer.byteLength, 8);
  assert.deepEqual(new Int32Array(b.buffer), Int32Array.of(-1, 7));
});

test("without Buffer (a browser), btoa and atob give the same text, also past the 32 KB slices", () => {
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256);
  const withBuffer = bytesToBase64(bytes);
  const saved = globalThis.Buffer;
  try {
    // @ts-expect-error: hide Node's Buffer to take the browser path
    delete globalThis.Buffer;
    assert.equal(typeof Buffer, "undefined");
    assert.equal(bytesToBase64(bytes), withBuffer);
    assert.deepEqual(base64ToBytes(withBuffer), bytes);
  } finally {
    globalThis.Buffer = saved;
  }
});
