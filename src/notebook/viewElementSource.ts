/**
 * Version of a notebook output's HTML: how the element holds its data (v2:
 * the payload gzipped in base64, corpus columns as float32) and where its
 * definition comes from (v2: the first output of a kernel session).  The
 * element's tag carries it, so an output on a page never meets an element,
 * defined by an older or newer lmdiff, that reads it differently.
 */
export const OUTPUT_VERSION = 2;

/** The custom element each notebook output holds: versioned, like its HTML. */
export const VIEW_TAG = `lmdiff-view-v${OUTPUT_VERSION}`;

/**
 * Browser source of <lmdiff-view-v2>, inlined after the widgets bundle into
 * the first lmdiff output of a kernel session (see widgetsSession.ts).  It
 * is plain JavaScript in a string, not compiled TypeScript, because it runs
 * inside the notebook page whatever module format built this package.
 *
 * The element renders from its own children: a <script
 * type="application/json" class="lmdiff-data"> with the packed ViewPayload
 * and an <img class="lmdiff-fallback"> to hide once the live view is up.  It
 * never looks itself up by id or through document.currentScript, because
 * the classic Notebook runs an output's scripts before it attaches the
 * output to the page, and one page may hold many outputs.  Defining the
 * element upgrades every <lmdiff-view-v2> already on the page, so outputs
 * above the one that carries the definition (or parsed before it, in a
 * static HTML export) come alive too.  While the page is still being parsed,
 * an element defined by an earlier output is connected before its children
 * are parsed, so it waits for DOMContentLoaded.  Unpacking the data is
 * asynchronous (DecompressionStream); until it is done the picture shows.
 */
export const VIEW_ELEMENT_SOURCE = `(function () {
  var TAG = ${JSON.stringify(VIEW_TAG)};
  if (!window.customElements || customElements.get(TAG)) return;
  function child(host, selector) {
    for (var i = 0; i < host.children.length; i++) if (host.children[i].matches(selector)) return host.children[i];
    return null;
  }
  function unpack(W, text) {
    var packed = JSON.parse(text);
    if (!packed || typeof packed.gzip !== "string") return packed;
    if (typeof W.gunzipJson !== "function")
      throw new Error("the lmdiff script on this page is older than this output; restart the kernel and run the notebook again");
    return W.gunzipJson(packed.gzip);
  }
  class LmdiffView extends HTMLElement {
    connectedCallback() {
      if (this._lmdiffDone) return;
      if (document.readyState === "loading") {
        var self = this;
        document.addEventListener("DOMContentLoaded", function () { self.renderView(); }, { once: true });
      } else this.renderView();
    }
    renderView() {
      if (this._lmdiffDone) return;
      var holder = child(this, "script.lmdiff-data");
      var W = window.lmdiffWidgets;
      if (!holder || !W) return;
      this._lmdiffDone = true;
      var self = this;
      new Promise(function (resolve) { resolve(unpack(W, holder.textContent)); })
        .then(function (p) { self.mount(W, p); })
        .catch(function (e) {
          // Keep the static picture and say why the live view is missing.
          var err = document.createElement("p");
          err.className = "lmdiff-error";
          err.textContent = "[lmdiff] the live view could not start: " + (e && e.message ? e.message : e);
          self.append(err);
        });
    }
    mount(W, p) {
      var live = document.createElement("div");
      live.className = "lmdiff-live";
      if (p.kind === "instance") {
        var view = document.createElement(p.instance.aligned ? "lmdiff-aligned-view" : "lmdiff-instance-view");
        view.data = W.instanceFromJSON(p.instance);
        view.measure = p.measure;
        live.append(view);
      } else if (p.kind === "corpus") {
        var app = document.createElement("lmdiff-app");
        app.corpus = W.corpusFromPayload(p.corpus);
        var cache = new Map();
        var embedded = p.corpus.instances || {};
        for (var k in embedded) cache.set(Number(k), W.instanceFromJSON(embedded[k]));
        app.instances = cache;
        app.measure = p.measure;
        if (p.rankBy) app.rankBy = p.rankBy;
        if (p.selected !== null && cache.has(p.selected)) app.instance = cache.get(p.selected);
        if (p.note) {
          var note = document.createElement("p");
          note.className = "lmdiff-note";
          note.style.cssText = "font-size:12px;opacity:0.75;margin:4px 0";
          note.textContent = p.note;
          live.append(note);
        }
        live.append(app);
      } else throw new Error("unknown view kind " + JSON.stringify(p.kind));
      this.append(live);
      var img = child(this, "img.lmdiff-fallback");
      if (img) img.style.display = "none";
      var hint = child(this, ".lmdiff-hint");
      if (hint) hint.remove();
    }
  }
  customElements.define(TAG, LmdiffView);
})();`;

/** The line under a picture whose live view cannot start because the page lacks the definition. */
const HINT =
  "[lmdiff] A static picture: the live view's script comes with the first lmdiff view of a kernel session, " +
  "and that output is not on this page. Restart the kernel and run the notebook from the top to make the views live.";

/** How long the loader waits for the element's definition before it says why a view stays a picture. */
const HINT_DELAY_MS = 1000;

/**
 * Browser source of the small script that every output after the first of
 * a kernel session carries instead of the widgets bundle.  The views need
 * nothing from it: the definition that the session's first output carries
 * upgrades them.  It only covers the case where that output is not on the
 * page (it was cleared, or its cell was run again, which gives an output
 * without the bundle): then, where scripts run, each view keeps its static
 * picture with one line saying why and how to get the live view back.  The
 * element removes that line if its definition arrives after all (an output
 * further down, rendered later).  Where scripts do not run (untrusted
 * notebooks, GitHub), nothing is added to the picture.
 */
export const VIEW_LOADER_SOURCE = `(function () {
  var TAG = ${JSON.stringify(VIEW_TAG)};
  var HINT = ${JSON.stringify(HINT)};
  if (!window.customElements || customElements.get(TAG)) return;
  setTimeout(function () {
    if (customElements.get(TAG)) return;
    var views = document.querySelectorAll(TAG);
    for (var i = 0; i < views.length; i++) {
      if (views[i].querySelector(":scope > .lmdiff-hint")) continue;
      var p = document.createElement("p");
      p.className = "lmdiff-hint";
      p.style.cssText = "font-size:12px;opacity:0.75;margin:4px 0";
      p.textContent = HINT;
      views[i].append(p);
    }
  }, ${HINT_DELAY_MS});
})();`;
