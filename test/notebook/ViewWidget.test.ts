import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { CORPUS_MEASURES } from "../../src/core/measures.js";
import { instanceView } from "../../src/notebook/instanceView.js";
import type { NotebookView } from "../../src/notebook/NotebookView.js";
import { deliverSelection } from "../../src/notebook/viewBridge.js";
import { VIEW_MIME } from "../../src/notebook/viewMime.js";
import type { ViewPayload } from "../../src/notebook/ViewPayload.js";
import type { ViewSelection } from "../../src/notebook/ViewSelection.js";
import {
  WIDGET_MODEL,
  WIDGET_MODULE,
  WIDGET_MODULE_VERSION,
  WIDGET_TARGET,
  WIDGET_VIEW,
  WIDGET_VIEW_MIME,
} from "../../src/notebook/widgetProtocol.js";
import { VERSION } from "../../src/version.js";
import { assertOneLineError } from "../export/snapshot.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { fixtureCorpusComparison } from "./fixtures.js";

type Sent =
  | {
      kind: "broadcast";
      msgType: string;
      content: Record<string, unknown>;
      extra: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] } | undefined;
    }
  | { kind: "display"; bundle: Record<string, unknown>; options: unknown };

type Jupyter = {
  display(bundle: Record<string, unknown>, options: unknown): Promise<void>;
  broadcast?(msgType: string, content: Record<string, unknown>, extra?: object): Promise<void>;
};

/**
 * Run `f` with a fake Deno kernel on globalThis (comms and display) and give
 * back what it sent, in order.  `deno` replaces the whole fake, for kernels
 * that lack a part.  globalThis.Deno is put back afterwards.
 */
async function withFakeDeno(f: (sent: Sent[]) => Promise<void> | void, deno?: unknown): Promise<Sent[]> {
  const sent: Sent[] = [];
  const jupyter: Jupyter = {
    display: (bundle, options) => (sent.push({ kind: "display", bundle, options }), Promise.resolve()),
    broadcast: (msgType, content, extra) => (
      sent.push({ kind: "broadcast", msgType, content, extra: extra as Extract<Sent, { kind: "broadcast" }>["extra"] }),
      Promise.resolve()
    ),
  };
  const g = globalThis as { Deno?: unknown };
  const saved = Object.getOwnPropertyDescriptor(g, "Deno");
  g.Deno = deno === undefined ? { jupyter } : deno;
  try {
    await f(sent);
  } finally {
    if (saved) Object.defineProperty(g, "Deno", saved);
    else delete g.Deno;
  }
  return sent;
}

/** A broadcast message of `sent`, checked to be one. */
function broadcast(s: Sent | undefined): Extract<Sent, { kind: "broadcast" }> {
  assert.ok(s?.kind === "broadcast", `a broadcast (got: ${s?.kind})`);
  return s;
}

/** The view payload in a message's one buffer, ungzipped as the page does. */
function bufferPayload(s: Extract<Sent, { kind: "broadcast" }>): ViewPayload {
  const buffers = s.extra?.buffers ?? [];
  assert.equal(buffers.length, 1, "one buffer");
  assert.ok(buffers[0] instanceof Uint8Array);
  return JSON.parse(gunzipSync(buffers[0]).toString("utf8")) as ViewPayload;
}

const sameJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

const instanceWidget = () => instanceView(fixtureInstance()).toWidget();
const corpusWidget = () => fixtureCorpusComparison().widget({ embed: 2 });

test("ViewWidget.show() opens a comm on the widget target with the model's whole state, the payload as one gzipped buffer", async () => {
  const w = corpusWidget();
  const sent = await withFakeDeno(() => w.show());
  const open = broadcast(sent[0]);
  assert.equal(open.msgType, "comm_open");
  assert.equal(WIDGET_TARGET, "jupyter.widget");
  assert.equal(open.content.comm_id, w.id);
  assert.equal(open.content.target_name, "jupyter.widget");
  const data = open.content.data as { state: Record<string, unknown>; buffer_paths: unknown };
  assert.deepEqual(data.buffer_paths, [["payload"]]);
  // The names the widget manager looks the classes up by, the measure shown, and the view's id for the page's selections.
  assert.deepEqual(
    {
      _model_name: data.state._model_name,
      _model_module: data.state._model_module,
      _model_module_version: data.state._model_module_version,
      _view_name: data.state._view_name,
      _view_module: data.state._view_module,
      _view_module_version: data.state._view_module_version,
      measure: data.state.measure,
      id: data.state.id,
      payload: data.state.payload,
    },
    {
      _model_name: WIDGET_MODEL,
      _model_module: WIDGET_MODULE,
      _model_module_version: WIDGET_MODULE_VERSION,
      _view_name: WIDGET_VIEW,
      _view_module: WIDGET_MODULE,
      _view_module_version: WIDGET_MODULE_VERSION,
      measure: "prob_diff",
      id: w.id,
      payload: null,
    },
  );
  assert.deepEqual(
    [WIDGET_MODEL, WIDGET_VIEW, WIDGET_MODULE, WIDGET_MODULE_VERSION],
    ["LmdiffViewModel", "LmdiffViewWidget", "lmdiff", VERSION],
  );
  assert.deepEqual(open.extra?.metadata, { version: "2.1.0" });
  const payload = bufferPayload(open);
  assert.equal(payload.kind, "corpus");
  assert.equal(payload.measure, "prob_diff");
  assert.deepEqual(payload, sameJson(w.view!.payload), "the view's payload, exactly");
});

test("ViewWidget.show() then displays the model by id, followed by the view's usual bundle", async () => {
  const w = instanceWidget();
  const sent = await withFakeDeno(() => w.show());
  assert.deepEqual(
    sent.map((s) => s.kind),
    ["broadcast", "display"],
  );
  const shown = sent[1] as Extract<Sent, { kind: "display" }>;
  assert.deepEqual(shown.options, { raw: true });
  assert.deepEqual(Object.keys(shown.bundle), [WIDGET_VIEW_MIME, VIEW_MIME, "text/html", "text/plain"]);
  assert.equal(WIDGET_VIEW_MIME, "application/vnd.jupyter.widget-view+json");
  assert.deepEqual(shown.bundle[WIDGET_VIEW_MIME], { model_id: w.id, version_major: 2, version_minor: 1 });
  assert.deepEqual(shown.bundle[VIEW_MIME], { v: 1, kind: "instance", id: w.id, payload: "text/html" });
  assert.equal(shown.bundle["text/plain"], w.view!.summary);
});

test("ViewWidget.show() waits after the display, so that Deno sends the output before the cell goes idle", async () => {
  const w = instanceWidget();
  let displayedAt = 0;
  let settledAt = 0;
  await withFakeDeno(
    async () => {
      await w.show();
      settledAt = performance.now();
    },
    {
      jupyter: {
        broadcast: () => Promise.resolve(),
        display: () => void (displayedAt = performance.now()),
      },
    },
  );
  assert.ok(settledAt - displayedAt >= 90, `${settledAt - displayedAt} ms`);
});

test("ViewWidget.show() a second time displays the model again without opening a second comm", async () => {
  const w = instanceWidget();
  const sent = await withFakeDeno(async () => {
    await w.show();
    await w.show();
  });
  assert.deepEqual(
    sent.map((s) => (s.kind === "broadcast" ? s.msgType : s.kind)),
    ["comm_open", "display", "display"],
  );
});

test("setting measure after show() sends an update of the measure alone, and the widget reports it", async () => {
  const w = corpusWidget();
  const sent = await withFakeDeno(async () => {
    await w.show();
    w.measure = "rank_diff";
  });
  assert.equal(sent.length, 3);
  const update = broadcast(sent[2]);
  assert.equal(update.msgType, "comm_msg");
  assert.deepEqual(update.content, { comm_id: w.id, data: { method: "update", state: { measure: "rank_diff" }, buffer_paths: [] } });
  assert.deepEqual(update.extra, { metadata: { version: "2.1.0" }, buffers: [] });
  assert.equal(w.measure, "rank_diff");
});

test("setting measure before show() sends nothing, and show() opens the comm with that measure", async () => {
  const w = instanceWidget();
  const sent = await withFakeDeno(async (sent) => {
    w.measure = "rank_2";
    assert.equal(sent.length, 0);
    await w.show();
  });
  assert.equal(broadcast(sent[0]).msgType, "comm_open");
  assert.equal((broadcast(sent[0]).content.data as { state: { measure: string } }).state.measure, "rank_2");
});

test("setting an unknown measure throws a one-line error listing the allowed ones, sends nothing and keeps the measure", async () => {
  const w = corpusWidget();
  const sent = await withFakeDeno(async (sent) => {
    await w.show();
    const before = sent.length;
    assertOneLineError(() => {
      w.measure = "foo" as never;
    }, /^lmdiff: invalid measure "foo" for this view \(expected one of prob_diff, logprob_diff, rank_diff, /);
    assert.equal(sent.length, before);
  });
  assert.equal(sent.length, 2, "the comm_open and the display only");
  assert.equal(w.measure, "prob_diff");
});

test("setting a measure of one text, or one whose columns the output lacks, on a corpus widget throws, naming the measures it carries", async () => {
  const w = corpusWidget();
  const p = w.view!.payload;
  assert.equal(p.kind, "corpus");
  const carried = CORPUS_MEASURES.filter((m) => Object.keys(p.kind === "corpus" ? p.corpus.values : {}).some((c) => c.startsWith(`${m}_`)));
  assert.ok(!carried.includes("js"), "the fixture's view carries no JS columns");
  await withFakeDeno(async (sent) => {
    await w.show();
    const before = sent.length;
    for (const m of ["prob_1", "js"] as const)
      assertOneLineError(
        () => {
          w.measure = m;
        },
        new RegExp(`^lmdiff: invalid measure "${m}" for this view \\(expected one of ${carried.join(", ")}\\)$`),
      );
    assert.equal(sent.length, before);
  });
});

test("an instance widget takes the measures of one text, such as prob_1", async () => {
  const w = instanceWidget();
  const sent = await withFakeDeno(async () => {
    await w.show();
    w.measure = "prob_1";
  });
  assert.deepEqual((broadcast(sent[2]).content.data as { state: unknown }).state, { measure: "prob_1" });
});

test("replace(view) after show() sends the new payload as a buffer, with its measure", async () => {
  const w = instanceWidget();
  const next: NotebookView = fixtureCorpusComparison().view({ measure: "rank_diff", embed: 1 });
  const sent = await withFakeDeno(async () => {
    await w.show();
    await w.replace(next);
  });
  assert.equal(sent.length, 3);
  const update = broadcast(sent[2]);
  assert.equal(update.msgType, "comm_msg");
  assert.equal(update.content.comm_id, w.id);
  const data = update.content.data as { method: string; state: Record<string, unknown>; buffer_paths: unknown };
  assert.equal(data.method, "update");
  assert.equal(data.state.measure, "rank_diff");
  assert.equal(data.state.payload, null, "the payload comes in the buffer");
  assert.deepEqual(data.buffer_paths, [["payload"]]);
  assert.deepEqual(update.extra?.metadata, { version: "2.1.0" });
  const payload = bufferPayload(update);
  assert.equal(payload.kind, "corpus");
  assert.equal(payload.measure, "rank_diff");
  assert.deepEqual(payload, sameJson(next.payload));
  assert.equal(w.view, next);
  assert.equal(w.measure, "rank_diff");
});

test("replace(view) before show() sends nothing, and show() opens the comm with the new view's data", async () => {
  const w = instanceWidget();
  const first = w.id;
  const next = fixtureCorpusComparison().view({ embed: 1 });
  const sent = await withFakeDeno(async (sent) => {
    await w.replace(next);
    assert.equal(sent.length, 0);
    await w.show();
  });
  assert.equal(w.id, first, "the comm keeps the first view's id");
  const open = broadcast(sent[0]);
  assert.equal(open.content.comm_id, first);
  assert.deepEqual(bufferPayload(open), sameJson(next.payload));
});

test("a shown widget's selection and onSelect callbacks are those the page sends to the widget's id", async () => {
  const w = instanceWidget();
  const selection: ViewSelection = { text: 0, tokens: [2], range: null };
  const seen: ViewSelection[] = [];
  const stop = w.onSelect((s) => seen.push(s));
  await withFakeDeno(() => w.show());
  assert.equal(w.selection, null);
  assert.equal(deliverSelection(w.id, JSON.stringify(selection)), true);
  assert.deepEqual(w.selection, selection);
  assert.deepEqual(seen, [selection]);
  stop();
  deliverSelection(w.id, JSON.stringify({ ...selection, tokens: [] }));
  assert.deepEqual(w.selection, { ...selection, tokens: [] });
  assert.equal(seen.length, 1, "no call after the callback was stopped");
});

test("show() outside Deno's kernel rejects with a one-line error saying widgets need it, and sends nothing", async () => {
  const w = instanceWidget();
  const g = globalThis as { Deno?: unknown };
  assert.equal(g.Deno, undefined, "the tests run outside Deno");
  await assert.rejects(w.show(), (e: Error) => {
    assert.equal(e.name, "LmdiffError");
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /^lmdiff: widgets need Deno's Jupyter kernel \(tslab has no comms\); show the view with \.show\(\) instead/);
    return true;
  });
});

test("show() rejects the same way where Deno has no comms or its jupyter getter throws (deno run)", async () => {
  const display = () => Promise.resolve();
  const throwing = Object.defineProperty({}, "jupyter", {
    get() {
      throw new Error("Deno.jupyter is only available in `deno jupyter`");
    },
  });
  for (const deno of [{ jupyter: { display } }, throwing, {}]) {
    const w = instanceWidget();
    const sent = await withFakeDeno(async () => {
      await assert.rejects(w.show(), /^LmdiffError: lmdiff: widgets need Deno's Jupyter kernel/);
    }, deno);
    assert.deepEqual(sent, []);
  }
});

test("setting measure on a shown widget where Deno has gone changes the measure without throwing", async () => {
  const w = instanceWidget();
  await withFakeDeno(() => w.show());
  assert.doesNotThrow(() => {
    w.measure = "rank_diff";
  });
  assert.equal(w.measure, "rank_diff");
});
