import assert from "node:assert/strict";
import { test } from "node:test";
import { runInThisContext } from "node:vm";
import { jsForScript, jsonForScript } from "../../src/notebook/scriptEmbed.js";
import { NASTY } from "./fixtures.js";

test("jsonForScript(value) leaves no </script, <!-- or line separator, and parses back to the value", () => {
  const v = { text: NASTY, list: ["a&b", "<>"] };
  const s = jsonForScript(v);
  assert.doesNotMatch(s, /<\/script|<!--|[<>&\u2028\u2029]/i);
  assert.deepEqual(JSON.parse(s), v);
  // It is also a valid JavaScript expression with the same value.
  assert.deepEqual(runInThisContext(`(${s})`), v);
});

test("jsForScript(source) escapes </script and <!-- inside strings, templates and regular expressions without changing them", () => {
  const src = 'globalThis.__r = ["</script>", `<!--x`, /<\\/SCRIPT/i.test("</script"), /a<!--b/u.test("a<!--b"), 1 < 2];';
  const out = jsForScript(src);
  assert.doesNotMatch(out, /<\/script|<!--/i);
  // Run as the page would, as a script in this (the global) context.
  runInThisContext(src);
  const expected = (globalThis as { __r?: unknown }).__r;
  runInThisContext(out);
  assert.deepEqual((globalThis as { __r?: unknown }).__r, expected);
});

test("jsForScript(source) leaves ordinary comparisons alone", () => {
  assert.equal(jsForScript("a<b&&c>d"), "a<b&&c>d");
});
