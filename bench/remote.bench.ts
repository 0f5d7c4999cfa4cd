/**
 * Remote-scoring benchmark (issue #15): analyze through lmdiff serve's
 * OpenAI-compatible API on loopback ("URL#NAME") against local scoring of
 * the same model, with one replica and with two, as ratios of times
 * measured in the same run (best of BENCH_REPS, modes interleaved).  Every
 * server and client is a process of its own (bench/remoteRun.ts).
 *
 * The machine's cores are shared: local scoring uses all of them, one
 * replica uses all of them, two replicas half each.  So on one machine the
 * ratio measures the protocol's cost (JSON, HTTP, one prompt per row, the
 * server's queue) and the client's scheduling, not the speed-up of replicas
 * on machines of their own.  The window is the server's (its context − 2)
 * in every mode, so all three score exactly the same rows.
 *
 * Models: the bundled tiny-en; GPT-2 small (bench/.models/gpt2-small, made
 * by the real-size benchmark) when present.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RESULT_PREFIX, RSS_PREFIX, URL_PREFIX, type RemoteRunResult } from "./remoteRun.ts";

const ROOT = path.join(__dirname, "..");
const REPS = Number(process.env.BENCH_REPS ?? 2);
const RUN = path.join(__dirname, "remoteRun.ts");

function start(args: string[]): { p: ChildProcess; line: (prefix: string) => Promise<string>; done: Promise<number> } {
  const p = spawn(process.execPath, ["--import", "tsx", RUN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  p.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  p.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<number>((resolve) => p.on("close", (code) => resolve(code ?? 1)));
  const line = async (prefix: string): Promise<string> => {
    for (;;) {
      const l = out.split("\n").find((x) => x.startsWith(prefix));
      if (l) return l.slice(prefix.length);
      const ended = await Promise.race([done.then(() => true), new Promise<false>((r) => waiters.push(() => r(false)))]);
      if (ended && !out.includes(prefix))
        throw new Error(`remoteRun ${args.join(" ")}: ${(err || out).trim().split("\n").slice(-3).join(" | ")}`);
    }
  };
  return { p, line, done };
}

async function scoreRun(args: string[]): Promise<RemoteRunResult> {
  const c = start(["score", ...args]);
  return JSON.parse(await c.line(RESULT_PREFIX)) as RemoteRunResult;
}

async function measure(label: string, spec: string, name: string, docs: number, window: number) {
  const cores = os.availableParallelism();
  const best: Record<string, number> = { local: Infinity, remote1: Infinity, remote2: Infinity };
  // Peak memory (KB): the scoring process, and every server process added up.
  const rss: Record<string, number> = { local: 0, client1: 0, client2: 0, servers1: 0, servers2: 0 };
  let tokens = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const local = await scoreRun([spec, String(docs), String(window)]);
    best.local = Math.min(best.local, local.seconds);
    rss.local = Math.max(rss.local, local.maxRssKB);
    tokens = local.tokens;
    for (const replicas of [1, 2]) {
      const servers = Array.from({ length: replicas }, () => start(["serve", spec, String(Math.max(1, Math.floor(cores / replicas)))]));
      try {
        const urls = await Promise.all(servers.map((s) => s.line(URL_PREFIX)));
        const r = await scoreRun([`${urls.join(",")}#${name}`, String(docs), String(window), spec]);
        if (r.tokens !== tokens) throw new Error(`remote scored ${r.tokens} tokens, local ${tokens}`);
        best[`remote${replicas}`] = Math.min(best[`remote${replicas}`], r.seconds);
        rss[`client${replicas}`] = Math.max(rss[`client${replicas}`], r.maxRssKB);
        for (const s of servers) s.p.kill();
        const peaks = await Promise.all(servers.map((s) => s.line(RSS_PREFIX)));
        rss[`servers${replicas}`] = Math.max(
          rss[`servers${replicas}`],
          peaks.reduce((sum, kb) => sum + Number(kb), 0),
        );
      } finally {
        for (const s of servers) s.p.kill();
        await Promise.all(servers.map((s) => s.done));
      }
    }
  }
  const row = {
    model: label,
    docs,
    tokens,
    window,
    local_s: best.local,
    remote_1_replica_s: best.remote1,
    remote_2_replicas_s: best.remote2,
    overhead_1_replica: best.remote1 / best.local,
    overhead_2_replicas: best.remote2 / best.local,
    local_tok_s: tokens / best.local,
    remote_1_tok_s: tokens / best.remote1,
    remote_2_tok_s: tokens / best.remote2,
    local_peak_mb: rss.local / 1024,
    remote_1_client_peak_mb: rss.client1 / 1024,
    remote_1_servers_peak_mb: rss.servers1 / 1024,
    remote_2_client_peak_mb: rss.client2 / 1024,
    remote_2_servers_peak_mb: rss.servers2 / 1024,
  };
  console.log(
    `${label}: ${docs} texts, ${tokens} tokens; local ${best.local.toFixed(2)} s, remote 1 replica ${best.remote1.toFixed(2)} s (×${row.overhead_1_replica.toFixed(2)}), ` +
      `2 replicas ${best.remote2.toFixed(2)} s (×${row.overhead_2_replicas.toFixed(2)}); peak memory: local ${row.local_peak_mb.toFixed(0)} MB, ` +
      `client ${row.remote_1_client_peak_mb.toFixed(0)} + server ${row.remote_1_servers_peak_mb.toFixed(0)} MB (1 replica), ` +
      `client ${row.remote_2_client_peak_mb.toFixed(0)} + servers ${row.remote_2_servers_peak_mb.toFixed(0)} MB (2)`,
  );
  return row;
}

async function main() {
  console.log(`remote scoring benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, best of ${REPS}`);
  const rows = [await measure("tiny-en", "tiny-en", "tiny-en", Number(process.env.BENCH_DOCS ?? 400), 126)];
  const gpt2 = path.join(__dirname, ".models", "gpt2-small");
  if (fs.existsSync(path.join(gpt2, "onnx", "model.onnx")) && process.env.BENCH_REAL !== "0")
    rows.push(await measure("gpt2-small", gpt2, "gpt2-small", Number(process.env.BENCH_REAL_DOCS ?? 60), 1022));
  else console.log("gpt2-small: skipped (bench/.models/gpt2-small is made by npm run bench:real; BENCH_REAL=0 skips it)");
  const dir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "remote.json"), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
