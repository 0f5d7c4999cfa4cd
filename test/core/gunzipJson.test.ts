import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { gunzipJson } from "../../src/core/gunzipJson.ts";

test("gunzipJson(base64) reads the JSON value that Node's gzip wrote, non-ASCII text included", async () => {
  const value = { text: "Müller </script> 😀 \u2028", n: [1, 2.5, null], nested: { ok: true } };
  const packed = gzipSync(JSON.stringify(value)).toString("base64");
  assert.deepEqual(await gunzipJson(packed), value);
});

test("gunzipJson rejects what is not gzip", async () => {
  await assert.rejects(gunzipJson(Buffer.from("not gzip at all").toString("base64")));
});
