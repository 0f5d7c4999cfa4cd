import assert from "node:assert/strict";
import { test } from "node:test";
import {
  alignedFromJSON,
  alignedToJSON,
  instanceOrAlignedFromJSON,
  instanceOrAlignedToJSON,
  isAlignedJSON,
  type AlignedJSON,
} from "../../src/core/alignedJson.ts";
import { charByteLengths } from "../../src/core/alignTokens.ts";
import { instanceToJSON, type InstanceJSON } from "../../src/core/instanceJson.ts";
import { alignedFixture, emptyAlignedFixture } from "../helpers/alignedFixture.ts";
import { fixtureInstance } from "../fixtures/instance.ts";

const viaJSON = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

test("alignedToJSON and alignedFromJSON round-trip every field and array exactly", () => {
  const d = alignedFixture();
  const j = viaJSON(alignedToJSON(d));
  assert.equal(j.aligned, true);
  assert.deepEqual(alignedFromJSON(j), d);
});

test("alignedToJSON sends typed arrays as base64 and leaves out what follows from the text", () => {
  const j = alignedToJSON(alignedFixture());
  assert.equal(typeof j.bits1, "string");
  assert.equal(typeof j.sides[1].byteStart, "string");
  assert.ok(!("chars" in j) && !("charBytes" in j) && !("bytes" in j));
});

test("alignedToJSON round-trips a text with lone surrogates, NaN entropies and an empty text", () => {
  const d = alignedFixture();
  d.sides[0].scores.entropy.fill(NaN);
  assert.deepEqual(alignedFromJSON(viaJSON(alignedToJSON(d))), d);
  const text = "a\ud800b";
  const chars = Array.from(text);
  const lone = { ...d, text, chars, charBytes: charByteLengths(chars), bytes: 5 };
  assert.deepEqual(alignedFromJSON(viaJSON(alignedToJSON(lone))), lone);
  const empty = emptyAlignedFixture();
  assert.deepEqual(alignedFromJSON(viaJSON(alignedToJSON(empty))), empty);
});

test("alignedFromJSON rejects a token-level form or another version in one line", () => {
  const oneLine = (e: Error) => /^lmdiff: unsupported aligned data/.test(e.message) && !e.message.includes("\n");
  assert.throws(() => alignedFromJSON({ v: 1 } as never), oneLine);
  assert.throws(() => alignedFromJSON({ ...alignedToJSON(alignedFixture()), v: 2 } as never), oneLine);
});

test("isAlignedJSON tells the two JSON forms apart by aligned: true", () => {
  assert.equal(isAlignedJSON(alignedToJSON(alignedFixture())), true);
  assert.equal(isAlignedJSON(instanceToJSON(fixtureInstance())), false);
  assert.equal(isAlignedJSON(null), false);
});

test("instanceOrAlignedFromJSON decodes either form, and instanceOrAlignedToJSON encodes either", () => {
  const a = alignedFixture();
  const t = fixtureInstance();
  assert.deepEqual(instanceOrAlignedFromJSON(viaJSON(instanceOrAlignedToJSON(a)) as AlignedJSON), a);
  assert.deepEqual(instanceOrAlignedFromJSON(viaJSON(instanceOrAlignedToJSON(t)) as InstanceJSON), t);
});
