// The page of `lmdiff serve`: model and dataset pickers wired to the JSON
// API, feeding <lmdiff-app> (registered by lmdiff-widgets.js, loaded before
// this file).  Plain browser JavaScript with no build step; loaded as a file
// so that the Content-Security-Policy can forbid inline script.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const status = $("status");
  const app = $("app");
  const pick1 = $("m1");
  const pick2 = $("m2");
  const pickD = $("dataset");
  const note = $("pair-note");
  const W = window.lmdiffWidgets;

  function say(text, isError = false) {
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  if (!W || !window.customElements.get("lmdiff-app")) {
    say("The widget bundle did not load (build it with: npx webpack --config webpack.config.js).", true);
    return;
  }

  /** Fetch JSON from the API; a failure throws an Error with the server's one-line reason. */
  async function api(path, init) {
    const r = await window.fetch(path, init);
    let body;
    try {
      body = await r.json();
    } catch {
      body = {};
    }
    if (!r.ok) {
      let msg = String(body.error || `HTTP ${r.status}`).replace(/^lmdiff: /, "");
      if (r.status === 429) msg = `The server is busy (${msg}).`;
      throw new Error(msg);
    }
    return body;
  }

  const q = (params) => new window.URLSearchParams(params).toString();
  let pairs = [];
  /** Bumped on every change of selection, so late answers for an old one are dropped. */
  let generation = 0;

  const pairOf = (a, b) => pairs.find((p) => p.m1 === a && p.m2 === b);

  function option(value, label, disabled, title) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    o.disabled = disabled;
    if (title) o.title = title;
    return o;
  }

  /** Model 2 offers only models comparable with model 1; the others are shown disabled with the reason. */
  function fillModel2(models, m1, wanted) {
    pick2.replaceChildren(
      ...models.map((m) => {
        if (m.name === m1) return option(m.name, `${m.name} (same as model 1)`, true);
        const p = pairOf(m1, m.name);
        return p && p.comparable ? option(m.name, m.name, false) : option(m.name, `${m.name} (not comparable)`, true, p && p.reason);
      }),
    );
    const enabled = [...pick2.options].filter((o) => !o.disabled).map((o) => o.value);
    pick2.value = enabled.includes(wanted) ? wanted : enabled[0] || "";
    const off = [...pick2.options].filter((o) => o.disabled && o.title);
    note.textContent = off.length ? `Not comparable with ${m1}: ${off.map((o) => `${o.value} (${o.title})`).join("; ")}` : "";
  }

  function readHash() {
    return Object.fromEntries(new window.URLSearchParams(window.location.hash.slice(1)));
  }

  function writeHash() {
    const h = { m1: pick1.value, m2: pick2.value };
    if (pickD.value) h.dataset = pickD.value;
    window.history.replaceState(null, "", `#${q(h)}`);
  }

  /** Point the app's hooks at the chosen pair and dataset. */
  function wire(m1, m2, dataset) {
    app.liveAnalyze = (text) =>
      api("api/analyze", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ m1, m2, text }) }).then(
        W.instanceFromJSON,
      );
    app.loadInstance = dataset ? (index) => api(`api/instance?${q({ m1, m2, dataset, index })}`).then(W.instanceFromJSON) : undefined;
  }

  async function showDataset() {
    const gen = ++generation;
    const m1 = pick1.value;
    const m2 = pick2.value;
    const dataset = pickD.value;
    writeHash();
    app.instance = undefined;
    wire(m1, m2, dataset);
    if (!dataset) {
      app.corpus = undefined;
      say(`${m1} vs ${m2}: no precomputed dataset for this pair; type a text below to compare them live.`);
      return;
    }
    say(`Loading ${dataset}…`);
    try {
      // The columns are what the page needs; the server's list uses its default measure for the pair
      // (prob_diff, or bits_diff for two tokenizers), whatever the page shows.
      const s = await api(`api/suggestions?${q({ m1, m2, dataset })}`);
      if (gen !== generation) return;
      app.corpus = W.corpusFromPayload(s.corpus);
      say(`${m1} vs ${m2} on ${dataset}: ${s.texts} texts. Pick a text in the list, or type your own below.`);
    } catch (e) {
      if (gen === generation) say(`Could not load ${dataset}: ${e.message}`, true);
    }
  }

  async function showPair(wantedDataset) {
    const gen = ++generation;
    const m1 = pick1.value;
    const m2 = pick2.value;
    if (!m2) {
      pickD.replaceChildren();
      app.corpus = undefined;
      app.liveAnalyze = undefined;
      say(`No model is comparable with ${m1}.`, true);
      return;
    }
    try {
      const { datasets } = await api(`api/datasets?${q({ m1, m2 })}`);
      if (gen !== generation) return;
      pickD.replaceChildren(
        ...(datasets.length
          ? datasets.map((d) => option(d.name, `${d.name} (${d.texts} texts)`, false))
          : [option("", "none: live analysis only", false)]),
      );
      pickD.disabled = datasets.length === 0;
      if (datasets.some((d) => d.name === wantedDataset)) pickD.value = wantedDataset;
      await showDataset();
    } catch (e) {
      if (gen === generation) say(`Could not list datasets: ${e.message}`, true);
    }
  }

  async function start() {
    const { models, pairs: p } = await api("api/models");
    pairs = p;
    const h = readHash();
    const first = pairs.find((x) => x.comparable) || { m1: models[0] && models[0].name };
    const m1 = models.some((m) => m.name === h.m1) ? h.m1 : first.m1;
    pick1.replaceChildren(
      ...models.map((m) => {
        const any = pairs.some((x) => x.m1 === m.name && x.comparable);
        return option(m.name, any ? m.name : `${m.name} (no comparable model)`, !any);
      }),
    );
    pick1.value = m1;
    fillModel2(models, m1, h.m2 || first.m2);
    pick1.addEventListener("change", () => {
      fillModel2(models, pick1.value, pick2.value);
      void showPair(pickD.value);
    });
    pick2.addEventListener("change", () => void showPair(pickD.value));
    pickD.addEventListener("change", () => void showDataset());
    await showPair(h.dataset);
  }

  start().catch((e) => say(`Could not reach the server: ${e.message}`, true));
})();
