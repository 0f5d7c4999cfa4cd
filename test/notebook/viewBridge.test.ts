import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { gunzipSync } from "node:zlib";
import { compareCaches } from "../../src/api/compare.js";
import type { CorpusComparison } from "../../src/api/CorpusComparison.js";
import { instanceToJSON, type InstanceJSON } from "../../src/core/instanceJson.js";
import { analyze } from "../../src/engine/analyze.js";
import { inlineDataset } from "../../src/engine/Dataset.js";
import { loadModel } from "../../src/engine/Model.js";
import { BRIDGE_KEY, bridgeCode, requestCode } from "../../src/notebook/bridgeCode.js";
import { instanceView } from "../../src/notebook/instanceView.js";
import type { NotebookView } from "../../src/notebook/NotebookView.js";
import { answerRequest, deliverSelection, registerView, type BridgedView } from "../../src/notebook/viewBridge.js";
import { VIEW_MIME, VIEW_REPLY_MIME, type ViewReply } from "../../src/notebook/viewMime.js";
import { parseViewSelection, type ViewSelection } from "../../src/notebook/ViewSelection.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { fixtureCorpusComparison } from "./fixtures.js";
import { tokenLevel } from "../helpers/tokenLevel.ts";

// ---------------------------------------------------------------------------
// Helpers

const SELECTION: ViewSelection = { text: 3, tokens: [4, 0, 2], range: { column: "prob_diff_mean", min: -0.25, max: 0.5, texts: [3, 7] } };

/** Strings a page could send that must stay data: quotes, backslashes, comment ends, newlines, an end tag, injections. */
const HOSTILE = [
  `"); process.exit(1); ("`,
  `"); globalThis.__lmdiffPwned = 1; ("`,
  `'); globalThis.__lmdiffPwned = 1; ('`,
  "`${globalThis.__lmdiffPwned = 1}`",
  `\\"); globalThis.__lmdiffPwned = 1; //`,
  "*/ globalThis.__lmdiffPwned = 1; /*",
  "line one\nline two\r\nline three",
  "\u2028\u2029",
  "</script><script>globalThis.__lmdiffPwned = 1</script>",
  "back\\slash \\u0041 \\n",
  "\ud800 lone surrogate",
];

/** A selection whose one string field (the range's column) is `s`. */
const hostileSelection = (s: string): ViewSelection => ({ text: 0, tokens: [1], range: { column: s, min: 0, max: 1, texts: [0] } });

/**
 * Run bridge code as a kernel runs it: as JavaScript in this realm, once
 * the TypeScript cast is stripped; gives back the completion value.
 */
function runInKernel(code: string): unknown {
  return vm.runInThisContext(code.replace("(globalThis as any)", "globalThis"));
}

type Call = { method: "deliver" | "request"; id: string; json: string };

/**
 * Run bridge code as a kernel would (the TypeScript cast stripped) against
 * a fake bridge under the bridge's symbol, and give back what it was called
 * with; the real bridge is put back afterwards.
 */
function runAgainstFakeBridge(code: string): Call[] {
  assert.equal(code.split("(globalThis as any)").length - 1, 1, "the code goes through globalThis once, with the cast");
  const calls: Call[] = [];
  const key = Symbol.for(BRIDGE_KEY);
  const g = globalThis as unknown as Record<symbol, unknown>;
  const saved = Object.getOwnPropertyDescriptor(g, key);
  g[key] = {
    deliver: (id: string, json: string) => (calls.push({ method: "deliver", id, json }), true),
    request: (id: string, json: string) => (calls.push({ method: "request", id, json }), undefined),
  };
  try {
    runInKernel(code);
  } finally {
    if (saved) Object.defineProperty(g, key, saved);
    else delete g[key];
  }
  return calls;
}

type FakeDeno = { jupyter: { display(bundle: Record<string, unknown>, options: unknown): Promise<void> } };

/** Run `f` with a fake Deno kernel installed whose displays land in the returned list; globalThis.Deno is put back after. */
async function withFakeDeno(f: () => Promise<void> | void): Promise<Record<string, unknown>[]> {
  const shown: Record<string, unknown>[] = [];
  const g = globalThis as { Deno?: FakeDeno };
  const saved = Object.getOwnPropertyDescriptor(g, "Deno");
  g.Deno = {
    jupyter: {
      display: (bundle, options) => {
        assert.deepEqual(options, { raw: true });
        shown.push(bundle);
        return Promise.resolve();
      },
    },
  };
  try {
    await f();
  } finally {
    if (saved) Object.defineProperty(g, "Deno", saved);
    else delete g.Deno;
  }
  return shown;
}

/** The reply that answerRequest displays for `json`, read from the fake Deno's one display. */
async function replyTo(id: string, json: string): Promise<ViewReply> {
  const shown = await withFakeDeno(() => answerRequest(id, json));
  assert.equal(shown.length, 1, "one display per request");
  assert.deepEqual(Object.keys(shown[0]), [VIEW_REPLY_MIME, "text/plain"]);
  return shown[0][VIEW_REPLY_MIME] as ViewReply;
}

/** The InstanceJSON in an ok reply, ungzipped as the page does. */
function replyInstance(reply: ViewReply): InstanceJSON {
  assert.ok(reply.ok, `an ok reply (got: ${reply.ok ? "" : reply.error})`);
  return JSON.parse(gunzipSync(Buffer.from(reply.gzip, "base64")).toString("utf8")) as InstanceJSON;
}

const f32 = (b64: string) => Array.from(new Float32Array(new Uint8Array(Buffer.from(b64, "base64")).buffer));

/** Run `run` with console.error collecting its messages instead of printing them. */
function capturingErrors<T>(run: () => T): { result: T; errors: string[] } {
  const errors: string[] = [];
  const saved = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.map(String).join(" "));
  try {
    return { result: run(), errors };
  } finally {
    console.error = saved;
  }
}

// ---------------------------------------------------------------------------
// A corpus comparison with caches, so that texts not embedded can be loaded.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-view-bridge-"));
const TEXTS = ["The quick brown fox jumps over the lazy dog.", "And God said, Let there be light: and there was light.", "Grüße 😀"];
let results: CorpusComparison;

before(async () => {
  const ds = inlineDataset(TEXTS, "three");
  const m1 = await loadModel("tiny-en", { workers: 0 });
  const m2 = await loadModel("tiny-en-bible", { workers: 0 });
  try {
    const a = await analyze(m1, ds, { output: path.join(dir, "a.arrow") });
    const b = await analyze(m2, ds, { output: path.join(dir, "b.arrow") });
    results = compareCaches(a, b);
  } finally {
    await m1.dispose();
    await m2.dispose();
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------
// parseViewSelection

test("parseViewSelection(json) gives back a full valid selection field for field", () => {
  assert.deepEqual(parseViewSelection(JSON.stringify(SELECTION)), SELECTION);
});

test("parseViewSelection(json) accepts no open text, no pinned tokens and no range", () => {
  assert.deepEqual(parseViewSelection('{"text":null,"tokens":[],"range":null}'), { text: null, tokens: [], range: null });
});

test("parseViewSelection(json) keeps only the known fields, as fresh arrays", () => {
  const s = parseViewSelection(JSON.stringify({ ...SELECTION, extra: "x", range: { ...SELECTION.range, more: 1 } }));
  assert.deepEqual(s, SELECTION);
});

test("parseViewSelection(json) refuses a text that is not a non-negative integer, naming text", () => {
  for (const text of [1.5, -1, "3", true, 2 ** 53, undefined]) {
    const json = JSON.stringify({ ...SELECTION, text });
    assert.throws(() => parseViewSelection(json), /^Error: text is not an index or null$/, json);
  }
});

test("parseViewSelection(json) refuses tokens that are not a list of indices, naming tokens", () => {
  for (const tokens of [[1, -2], [0.5], ["1"], [null], 3, null, undefined, { 0: 1 }]) {
    const json = JSON.stringify({ ...SELECTION, tokens });
    assert.throws(() => parseViewSelection(json), /^Error: tokens is not a list of indices$/, json);
  }
});

test("parseViewSelection(json) refuses a range without a column, a min or a max, naming range", () => {
  const r = SELECTION.range!;
  const bad = [
    { min: r.min, max: r.max, texts: r.texts },
    { column: 7, min: r.min, max: r.max, texts: r.texts },
    { column: r.column, max: r.max, texts: r.texts },
    { column: r.column, min: r.min, texts: r.texts },
    { column: r.column, min: "0", max: r.max, texts: r.texts },
    "prob_diff_mean",
    0,
  ];
  for (const range of bad) {
    const json = JSON.stringify({ ...SELECTION, range });
    assert.throws(() => parseViewSelection(json), /^Error: range has no column, min and max$/, json);
  }
  // A selection without the key at all (JSON drops undefined) says so.
  assert.throws(() => parseViewSelection(JSON.stringify({ ...SELECTION, range: undefined })), /^Error: range is missing$/);
});

test("parseViewSelection(json) refuses a non-finite min or max (which JSON can only spell as null or a huge number)", () => {
  // JSON has no Infinity or NaN: JSON.stringify writes null, and 1e999 parses as Infinity.
  for (const json of [
    '{"text":null,"tokens":[],"range":{"column":"c","min":1e999,"max":1,"texts":[]}}',
    '{"text":null,"tokens":[],"range":{"column":"c","min":0,"max":-1e999,"texts":[]}}',
    JSON.stringify({ text: null, tokens: [], range: { column: "c", min: NaN, max: 1, texts: [] } }),
  ])
    assert.throws(() => parseViewSelection(json), /^Error: range has no column, min and max$/, json);
});

test("parseViewSelection(json) refuses range texts that are not a list of indices, naming range.texts", () => {
  for (const texts of [[0, -1], [1.5], ["2"], undefined, 2]) {
    const json = JSON.stringify({ ...SELECTION, range: { ...SELECTION.range, texts } });
    assert.throws(() => parseViewSelection(json), /^Error: range\.texts is not a list of indices$/, json);
  }
});

test("parseViewSelection(json) refuses JSON that is not an object", () => {
  for (const json of ["null", "3", '"selection"', "false"]) assert.throws(() => parseViewSelection(json), /^Error: not an object$/, json);
});

test("parseViewSelection(json) refuses text that is not JSON at all", () => {
  assert.throws(() => parseViewSelection("{text: 1}"), /^Error: not JSON$/);
  assert.throws(() => parseViewSelection("[]"), /^Error: not an object$/);
});

// ---------------------------------------------------------------------------
// bridgeCode and requestCode

test("bridgeCode(id, selection) is one line that calls the bridge's deliver with exactly the id and the selection's JSON", () => {
  const id = randomUUID();
  const code = bridgeCode(id, SELECTION);
  assert.doesNotMatch(code, /[\n\r]/);
  assert.equal(
    code,
    `(globalThis as any)[Symbol.for("lmdiff.bridge.v1")]?.deliver(${JSON.stringify(id)}, ${JSON.stringify(JSON.stringify(SELECTION))});`,
  );
  assert.deepEqual(runAgainstFakeBridge(code), [{ method: "deliver", id, json: JSON.stringify(SELECTION) }]);
});

test("requestCode(id, request, index) is one line that calls the bridge's request with exactly the id, request id and index, without await", () => {
  const id = randomUUID();
  const code = requestCode(id, "req-1", 7);
  assert.doesNotMatch(code, /[\n\r]|\bawait\b/);
  assert.match(code, /^void \(globalThis as any\)\[Symbol\.for\("lmdiff\.bridge\.v1"\)\]\?\.request\(/);
  const calls = runAgainstFakeBridge(code);
  assert.deepEqual(calls, [{ method: "request", id, json: JSON.stringify({ request: "req-1", index: 7 }) }]);
});

test("bridgeCode(id, selection) keeps quotes, backslashes, comment ends, newlines, </script> and injections as data", () => {
  const id = randomUUID();
  const g = globalThis as { __lmdiffPwned?: number };
  for (const s of HOSTILE) {
    const selection = hostileSelection(s);
    const code = bridgeCode(id, selection);
    assert.doesNotMatch(code, /[\n\r]/, "still one line");
    const [call] = runAgainstFakeBridge(code);
    assert.equal(call.id, id);
    assert.equal(call.json, JSON.stringify(selection), JSON.stringify(s));
    assert.equal(parseViewSelection(call.json).range!.column, s);
    assert.equal(g.__lmdiffPwned, undefined, `no code ran from ${JSON.stringify(s)}`);
  }
});

test("requestCode(id, request, index) keeps a hostile request id as data", () => {
  const id = randomUUID();
  const g = globalThis as { __lmdiffPwned?: number };
  for (const s of HOSTILE) {
    const code = requestCode(id, s, 2);
    assert.doesNotMatch(code, /[\n\r]/, "still one line");
    const [call] = runAgainstFakeBridge(code);
    assert.deepEqual(call, { method: "request", id, json: JSON.stringify({ request: s, index: 2 }) });
    assert.equal((JSON.parse(call.json) as { request: string }).request, s);
    assert.equal(g.__lmdiffPwned, undefined, `no code ran from ${JSON.stringify(s)}`);
  }
});

test("bridgeCode and requestCode do nothing (and do not throw) in a kernel without the bridge", () => {
  const key = Symbol.for(BRIDGE_KEY);
  const g = globalThis as unknown as Record<symbol, unknown>;
  const saved = Object.getOwnPropertyDescriptor(g, key);
  delete g[key];
  try {
    for (const code of [bridgeCode(randomUUID(), SELECTION), requestCode(randomUUID(), "r", 0)])
      assert.doesNotThrow(() => runInKernel(code));
  } finally {
    if (saved) Object.defineProperty(g, key, saved);
  }
});

test("bridgeCode and requestCode refuse an id that is not a 36-character lower-case view id", () => {
  const bad = [
    "",
    "view",
    randomUUID().slice(1),
    randomUUID() + "0",
    randomUUID().toUpperCase(),
    `"); process.exit(1); ("`.padEnd(36, "a"),
    `${randomUUID().slice(0, 35)}"`,
    `${randomUUID().slice(0, 35)}\n`,
  ];
  for (const id of bad) {
    assert.throws(() => bridgeCode(id, SELECTION), /^Error: lmdiff: not a view id: /, JSON.stringify(id));
    assert.throws(() => requestCode(id, "r", 0), /^Error: lmdiff: not a view id: /, JSON.stringify(id));
  }
});

// ---------------------------------------------------------------------------
// deliverSelection

test("deliverSelection(view.id, json) of a shown view sets view.selection and calls every onSelect callback", async () => {
  const view = instanceView(fixtureInstance());
  // The page finds the view by the id in its output.
  const [bundle] = await withFakeDeno(() => view.show());
  assert.equal((bundle[VIEW_MIME] as { id: string }).id, view.id);
  const seen: [string, ViewSelection][] = [];
  view.onSelect((s) => seen.push(["a", s]));
  view.onSelect((s) => seen.push(["b", s]));
  assert.equal(view.selection, null, "no selection before the page sends one");
  assert.equal(deliverSelection(view.id, JSON.stringify(SELECTION)), true);
  assert.deepEqual(view.selection, SELECTION);
  assert.deepEqual(seen, [
    ["a", SELECTION],
    ["b", SELECTION],
  ]);
});

test("deliverSelection() goes on to the other callbacks when one throws, and reports the failure", () => {
  const view = instanceView(fixtureInstance());
  const seen: string[] = [];
  view.onSelect(() => seen.push("first"));
  view.onSelect(() => {
    throw new Error("boom");
  });
  view.onSelect(() => seen.push("third"));
  const { result, errors } = capturingErrors(() => deliverSelection(view.id, JSON.stringify(SELECTION)));
  assert.equal(result, true);
  assert.deepEqual(seen, ["first", "third"]);
  assert.deepEqual(view.selection, SELECTION);
  assert.deepEqual(errors, ["lmdiff: an onSelect callback threw: boom"]);
});

test("deliverSelection() does not call a callback after its unsubscribe function ran", () => {
  const view = instanceView(fixtureInstance());
  const seen: string[] = [];
  const stop = view.onSelect(() => seen.push("stopped"));
  view.onSelect(() => seen.push("kept"));
  deliverSelection(view.id, JSON.stringify(SELECTION));
  stop();
  deliverSelection(view.id, JSON.stringify({ ...SELECTION, text: 0 }));
  assert.deepEqual(seen, ["stopped", "kept", "kept"]);
  assert.equal(view.selection?.text, 0);
});

test("deliverSelection() ignores a malformed selection: false, the selection unchanged, no callback", () => {
  const view = instanceView(fixtureInstance());
  deliverSelection(view.id, JSON.stringify(SELECTION));
  let calls = 0;
  view.onSelect(() => calls++);
  for (const json of [JSON.stringify({ ...SELECTION, tokens: [-1] }), "null", "not json"]) {
    const { result, errors } = capturingErrors(() => deliverSelection(view.id, json));
    assert.equal(result, false, json);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^lmdiff: ignored a malformed selection from the page: /);
  }
  assert.deepEqual(view.selection, SELECTION);
  assert.equal(calls, 0);
});

test("deliverSelection() of an id no view has returns false", () => {
  instanceView(fixtureInstance());
  assert.equal(deliverSelection(randomUUID(), JSON.stringify(SELECTION)), false);
});

test("deliverSelection() reaches only the view it names", () => {
  const [v1, v2] = [instanceView(fixtureInstance()), instanceView(fixtureInstance())];
  assert.notEqual(v1.id, v2.id);
  deliverSelection(v2.id, JSON.stringify(SELECTION));
  assert.equal(v1.selection, null);
  assert.deepEqual(v2.selection, SELECTION);
});

test("the code bridgeCode() builds, run as the kernel runs it, delivers to the real bridge", () => {
  const view = instanceView(fixtureInstance());
  const selection = hostileSelection(HOSTILE[0]);
  const ok = runInKernel(bridgeCode(view.id, selection));
  assert.equal(ok, true);
  assert.deepEqual(view.selection, selection);
});

// ---------------------------------------------------------------------------
// answerRequest

/** The corpus view with one text embedded, and a text it embeds and one it does not. */
function embedOneView(): { view: NotebookView; embedded: number; other: number } {
  const view = results.view({ embed: 1 });
  assert.equal(view.payload.kind, "corpus");
  const keys = view.payload.kind === "corpus" ? Object.keys(view.payload.corpus.instances ?? {}).map(Number) : [];
  assert.equal(keys.length, 1, "embed: 1 embeds one text");
  const other = [0, 1, 2].find((i) => i !== keys[0])!;
  return { view, embedded: keys[0], other };
}

/** What instanceToJSON gives for text i of the comparison, as it reads back from JSON. */
const expectedInstance = (i: number) => JSON.parse(JSON.stringify(instanceToJSON(tokenLevel(results.instance(i).data)))) as InstanceJSON;

test("answerRequest() for an embedded text replies ok with its token data, the request id echoed", async () => {
  const { view, embedded } = embedOneView();
  const reply = await replyTo(view.id, JSON.stringify({ request: "r-embedded", index: embedded }));
  assert.equal(reply.request, "r-embedded");
  const got = replyInstance(reply);
  const want = expectedInstance(embedded);
  assert.equal(got.index, embedded);
  assert.deepEqual(got.tokens, want.tokens);
  assert.deepEqual(f32(got.m1.prob), f32(want.m1.prob));
  assert.deepEqual(f32(got.m2.prob), f32(want.m2.prob));
  assert.deepEqual(got, want);
});

test("answerRequest() for a text the view did not embed loads it from the caches and replies ok", async () => {
  const { view, other } = embedOneView();
  const reply = await replyTo(view.id, JSON.stringify({ request: "r-other", index: other }));
  assert.equal(reply.request, "r-other");
  const got = replyInstance(reply);
  const want = expectedInstance(other);
  assert.equal(got.index, other);
  assert.equal(got.text, TEXTS[other]);
  assert.deepEqual(got.tokens, want.tokens);
  assert.deepEqual(f32(got.m1.prob), f32(want.m1.prob));
  assert.deepEqual(f32(got.m2.prob), f32(want.m2.prob));
  assert.deepEqual(got, want);
});

test("answerRequest() for an index not in the corpus replies not ok, saying so", async () => {
  const { view } = embedOneView();
  const reply = await replyTo(view.id, JSON.stringify({ request: "r-missing", index: 99 }));
  assert.deepEqual(reply, { request: "r-missing", ok: false, error: "text #99 is not in this comparison" });
});

test("answerRequest() for an id no view has replies not ok: the kernel no longer holds the view", async () => {
  embedOneView();
  const reply = await replyTo(randomUUID(), JSON.stringify({ request: "r-gone", index: 0 }));
  assert.equal(reply.request, "r-gone");
  assert.equal(reply.ok, false);
  assert.match(reply.ok ? "" : reply.error, /no longer holds this view/);
});

test("answerRequest() refuses a request without an id or without a text index", async () => {
  const { view } = embedOneView();
  assert.deepEqual(await replyTo(view.id, JSON.stringify({ index: 0 })), { request: "", ok: false, error: "the request has no id" });
  for (const index of [-1, 1.5, "0", undefined])
    assert.deepEqual(await replyTo(view.id, JSON.stringify({ request: "r", index })), {
      request: "r",
      ok: false,
      error: "the request names no text",
    });
  const notJson = await replyTo(view.id, "{");
  assert.equal(notJson.ok, false);
  assert.equal(notJson.request, "");
});

test("answerRequest() of a corpus view without caches replies that it has no token data for a text it did not embed", async () => {
  const view = fixtureCorpusComparison().view({ embed: 1 });
  const reply = await replyTo(view.id, JSON.stringify({ request: "r", index: 5 }));
  assert.deepEqual(reply, { request: "r", ok: false, error: "this view has no token data for text #5" });
});

test("answerRequest() of an instance view answers for its own text only", async () => {
  const data = fixtureInstance();
  const view = instanceView(data);
  assert.deepEqual(replyInstance(await replyTo(view.id, JSON.stringify({ request: "own", index: data.index }))), instanceToJSON(data));
  const other = data.index + 1;
  assert.deepEqual(await replyTo(view.id, JSON.stringify({ request: "not", index: other })), {
    request: "not",
    ok: false,
    error: `this view shows text #${data.index} only`,
  });
});

test("the code requestCode() builds, run as the kernel runs it, makes the real bridge display the reply", async () => {
  const { view, other } = embedOneView();
  const code = requestCode(view.id, `"); process.exit(1); ("`, other);
  const shown = await withFakeDeno(async () => {
    runInKernel(code);
    // The display is asynchronous in Deno; the page waits past the request for it too.
    await new Promise((r) => setTimeout(r, 150));
  });
  assert.equal(shown.length, 1);
  const reply = shown[0][VIEW_REPLY_MIME] as ViewReply;
  assert.equal(reply.request, `"); process.exit(1); ("`);
  assert.deepEqual(replyInstance(reply), expectedInstance(other));
});

// ---------------------------------------------------------------------------
// The registry: weak references, and the 16 most recent views held strongly.

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** A collectable view that records what it receives. */
function registerPlainView(): string {
  const id = randomUUID();
  const view: BridgedView = {
    receiveSelection: () => {},
    instanceJson: () => {
      throw new Error("none");
    },
  };
  registerView(id, view);
  return id;
}

/** Collect garbage once the current job is over (WeakRef targets are kept until then). */
async function collect(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  gc();
  await new Promise((r) => setImmediate(r));
}

test("registerView() keeps a view no variable holds reachable while it is among the 16 most recent", async () => {
  const id = registerPlainView();
  for (let i = 0; i < 15; i++) registerPlainView();
  await collect();
  assert.equal(deliverSelection(id, JSON.stringify(SELECTION)), true);
});

test("registerView() lets a view no variable holds go once 16 newer views were registered", async () => {
  const id = registerPlainView();
  for (let i = 0; i < 16; i++) registerPlainView();
  await collect();
  assert.equal(deliverSelection(id, JSON.stringify(SELECTION)), false);
});

test("registerView() does not let a view go that a variable still holds, however many came after", async () => {
  const view = instanceView(fixtureInstance());
  for (let i = 0; i < 20; i++) registerPlainView();
  await collect();
  assert.equal(deliverSelection(view.id, JSON.stringify(SELECTION)), true);
  assert.deepEqual(view.selection, SELECTION);
});
