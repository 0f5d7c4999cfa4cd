import * as v8 from "node:v8";
import * as vm from "node:vm";
// autocannon ships no type declarations: ./autocannon.d.ts types the few fields used here.
import autocannon from "autocannon";

type CannonResult = autocannon.Result;

export interface RouteFigures {
  connections: number;
  requests: number;
  /** Answered requests per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers whose body was not the expected one. */
  wrong: number;
}

export interface LoadFigures {
  durationS: number;
  analyze: RouteFigures;
  suggestions: RouteFigures;
  /** Heap used (after a full GC) before and after the load, in MB. */
  heapBeforeMB: number;
  heapAfterMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

export interface LoadOptions {
  url: string;
  durationS: number;
  analyzeConnections: number;
  suggestionConnections: number;
  m1: string;
  m2: string;
  dataset: string;
  /** Texts the analyses cycle through. */
  texts: string[];
}

/** A full GC, so heap figures compare live objects only. */
export function fullGc(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

async function fetchText(url: string, init?: RequestInit): Promise<string> {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
  return r.text();
}

function figures(r: CannonResult, connections: number): RouteFigures {
  return {
    connections,
    requests: r.requests.total,
    throughput: Math.round((r["2xx"] / r.duration) * 10) / 10,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    wrong: r.mismatches,
  };
}

/**
 * The server's load scenario, for the load test and the benchmark: for a
 * fixed time, many connections post live analyses (cycling through a few
 * texts) while others ask for suggestions.  Every answer is compared with
 * the one the idle server gave for the same request, so a lost, mixed-up
 * or wrong answer is counted; heap and RSS are taken before and after.
 * The server is in this process (so its memory can be read).
 */
export async function runLoad(o: LoadOptions): Promise<LoadFigures> {
  const headers = { "content-type": "application/json" };
  const bodies = o.texts.map((text) => JSON.stringify({ m1: o.m1, m2: o.m2, text }));
  const suggestionsPath = `/api/suggestions?${new URLSearchParams({ m1: o.m1, m2: o.m2, dataset: o.dataset, measure: "rank_diff", k: "20" })}`;
  // Expected answers, from the idle server.
  const expected = new Set<string>();
  for (const body of bodies) expected.add(await fetchText(`${o.url}api/analyze`, { method: "POST", headers, body }));
  const expectedSuggestions = await fetchText(`${o.url}${suggestionsPath.slice(1)}`);
  fullGc();
  const before = process.memoryUsage();
  const common = { url: o.url, duration: o.durationS, timeout: 20, pipelining: 1 };
  const [a, s] = await Promise.all([
    autocannon({
      ...common,
      connections: o.analyzeConnections,
      requests: bodies.map((body) => ({ method: "POST", path: "/api/analyze", headers, body })),
      verifyBody: (b: string) => expected.has(b),
    }),
    autocannon({
      ...common,
      connections: o.suggestionConnections,
      requests: [{ method: "GET", path: suggestionsPath }],
      verifyBody: (b: string) => b === expectedSuggestions,
    }),
  ]);
  // Let sockets close and queued work drain before measuring again.
  await new Promise((r) => setTimeout(r, 500));
  fullGc();
  const afterMem = process.memoryUsage();
  return {
    durationS: o.durationS,
    analyze: figures(a, o.analyzeConnections),
    suggestions: figures(s, o.suggestionConnections),
    heapBeforeMB: mb(before.heapUsed),
    heapAfterMB: mb(afterMem.heapUsed),
    rssBeforeMB: mb(before.rss),
    rssAfterMB: mb(afterMem.rss),
  };
}
