import assert from "node:assert/strict";
import { test } from "node:test";
import { validationMessage } from "../../src/server/validationMessage.ts";

test("validationMessage names the parameter, the bad value and the allowed values of an enum", () => {
  const m = validationMessage({ keyword: "enum", instancePath: "/measure", params: { allowedValues: ["a", "b"] } }, "query", {
    measure: "foo",
  });
  assert.equal(m, 'lmdiff: unknown measure "foo" (expected one of a, b)');
});

test("validationMessage reports a missing query parameter and a missing body field", () => {
  assert.equal(
    validationMessage({ keyword: "required", instancePath: "", params: { missingProperty: "m1" } }, "query", {}),
    "lmdiff: missing query parameter m1",
  );
  assert.equal(
    validationMessage({ keyword: "required", instancePath: "", params: { missingProperty: "text" } }, "body", {}),
    "lmdiff: missing body field text",
  );
});

test("validationMessage reports a wrong type and a bound with the value sent", () => {
  assert.equal(
    validationMessage({ keyword: "type", instancePath: "/index", params: { type: "integer" } }, "query", { index: "x" }),
    'lmdiff: invalid index "x" (expected an integer)',
  );
  assert.equal(
    validationMessage({ keyword: "minimum", instancePath: "/k", params: { limit: 1 } }, "query", { k: 0 }),
    "lmdiff: invalid k 0 (expected at least 1)",
  );
});

test("validationMessage calls an empty text empty, and is always one line", () => {
  assert.equal(
    validationMessage({ keyword: "minLength", instancePath: "/text", params: { limit: 1 } }, "body", { text: "" }),
    "lmdiff: the text is empty",
  );
  const m = validationMessage({ keyword: "pattern", instancePath: "/x", params: {}, message: "must match" }, "query", { x: "a\nb" });
  assert.equal(m.split("\n").length, 1);
});
