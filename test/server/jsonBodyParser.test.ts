import assert from "node:assert/strict";
import { test } from "node:test";
import { parseJsonBody } from "../../src/server/jsonBodyParser.ts";

const refuses = (text: string, pattern: RegExp) =>
  assert.throws(
    () => parseJsonBody(text),
    (e: Error) => {
      assert.equal(e.name, "LmdiffError");
      assert.equal((e as Error & { status: number }).status, 400);
      assert.match(e.message, /^lmdiff: /);
      assert.match(e.message, pattern);
      return true;
    },
  );

test("parseJsonBody(text) parses JSON of any type", () => {
  assert.deepEqual(parseJsonBody('{"m1":"a","nested":{"k":[1,{"x":null}]}}'), { m1: "a", nested: { k: [1, { x: null }] } });
  assert.deepEqual(parseJsonBody("[1,2]"), [1, 2]);
  assert.equal(parseJsonBody("null"), null);
});

test("parseJsonBody(text) refuses an empty body and text that is not JSON, each with its own reason", () => {
  refuses("", /the body is empty/);
  refuses("{bad json", /the body is not valid JSON/);
  refuses("   ", /the body is not valid JSON/);
});

test("parseJsonBody(text) refuses a __proto__ key at any depth as a forbidden key, not as bad JSON", () => {
  refuses('{"__proto__": {"polluted": 1}, "m1": "a"}', /the body has a forbidden key "__proto__"/);
  refuses('{"m1": {"deep": [{"__proto__": {}}]}}', /forbidden key "__proto__"/);
  refuses('{"__proto__": null}', /forbidden key "__proto__"/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("parseJsonBody(text) refuses constructor.prototype but allows a plain constructor field", () => {
  refuses('{"constructor": {"prototype": {"polluted": 1}}}', /the body has a forbidden key "constructor.prototype"/);
  refuses('[{"a": {"constructor": {"prototype": 1}}}]', /forbidden key "constructor.prototype"/);
  assert.deepEqual(parseJsonBody('{"constructor": "x", "prototype": 1}'), { constructor: "x", prototype: 1 });
  assert.deepEqual(parseJsonBody('{"constructor": {"name": "x"}}'), { constructor: { name: "x" } });
});

test("parseJsonBody(text) answers a syntax error before a forbidden key", () => {
  refuses('{"__proto__": {}, ', /not valid JSON/);
});
