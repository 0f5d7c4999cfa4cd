import { VIEW_VERSION } from "./ViewPayload.js";

/** The custom element each notebook output holds: versioned, like its payload. */
export const VIEW_TAG = `lmdiff-view-v${VIEW_VERSION}`;

/**
 * Browser source of <lmdiff-view-v1>, inlined into every output after the
 * widgets bundle.  It is plain JavaScript in a string, not compiled
 * TypeScript, because it runs inside the notebook page whatever module
 * format built this package.
 *
 * The element renders from its own children: a <script
 * type="application/json" class="lmdiff-data"> with the ViewPayload and an
 * <img class="lmdiff-fallback"> to hide once the live view is up.  It never
 * looks itself up by id or through document.currentScript, because the
 * classic Notebook runs an output's scripts before it attaches the output
 * to the page, and one page may hold many outputs.  While the page is
 * still being parsed (a static HTML export), an element defined by an
 * earlier output is connected before its children are parsed, so it waits
 * for DOMContentLoaded.
 */
export const VIEW_ELEMENT_SOURCE = `(function () {
  var TAG = ${JSON.stringify(VIEW_TAG)};
  if (!window.customElements || customElements.get(TAG)) return;
  function child(host, selector) {
    for (var i = 0; i < host.children.length; i++) if (host.children[i].matches(selector)) return host.children[i];
    return null;
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
      var live = document.createElement("div");
      live.className = "lmdiff-live";
      try {
        var p = JSON.parse(holder.textContent);
        if (p.kind === "instance") {
          var view = document.createElement("lmdiff-instance-view");
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
      } catch (e) {
        // Keep the static picture and say why the live view is missing.
        var err = document.createElement("p");
        err.className = "lmdiff-error";
        err.textContent = "[lmdiff] the live view could not start: " + (e && e.message ? e.message : e);
        this.append(err);
        return;
      }
      this.append(live);
      var img = child(this, "img.lmdiff-fallback");
      if (img) img.style.display = "none";
    }
  }
  customElements.define(TAG, LmdiffView);
})();`;
