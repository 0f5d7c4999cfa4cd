import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { Tokenizer } from "@huggingface/tokenizers";
import { LmdiffError } from "../core/LmdiffError.js";
import type { DisplayTokens } from "../core/tokenText.js";
import { isBundled } from "./bundledModels.js";
import { defaultBatchTokens } from "./defaultBatchTokens.js";
import { modelBytes, workersFor } from "./defaultWorkers.js";
import { graphOps, quantizesDynamically } from "./graphOps.js";
import { defaultMaxMemory, memoryPlan, sessionBytes } from "./memoryBudget.js";
import { createSession, type ModelSource } from "./createSession.js";
import { fuseStats } from "./fuseStats.js";
import { downloadHubModel, isHubId, type HubOptions } from "./hubDownload.js";
import { CAUSAL_TYPES, MASKED_TYPES, modelKind } from "./modelKind.js";
import type { ModelConfig, TokenizerConfig, TokenizerJson } from "./modelJson.js";
import { findOnnx } from "./onnxFiles.js";
import { resolveModelDir } from "./resolveModelDir.js";
import { ScorerPool } from "./ScorerPool.js";
import { runScoreJob, type ScoreJob } from "./ScoreJob.js";
import { RemoteScorer } from "./RemoteScorer.js";
import { formatRemoteSpec, isRemoteSpec, parseRemoteSpec, type RemoteSpec } from "./remoteSpec.js";
import type { StatsResult } from "./Stats.js";
import { FUSED_PREFIX } from "./statsGraph.js";
import { Vocabulary } from "./Vocabulary.js";
import { weightsByReference } from "./weightsByReference.js";

export type ModelKind = "causal" | "masked";

export interface LoadOptions extends HubOptions {
  /** Name shown in views; default the bundled name, folder name or hub id. */
  name?: string;
  /** onnxruntime intra-op threads of the in-process session; default all cores. */
  threads?: number;
  /**
   * Worker threads that score large jobs (analyze, corpora) in parallel,
   * each with its own copy of the model and cores ÷ workers onnxruntime
   * threads.  Default: one per core, at most 8, and no more than the copies
   * that fit in a quarter of the machine's memory (see defaultWorkers).
   * 0 scores everything on the main thread.  See ScorerPool.
   */
  workers?: number;
  /**
   * Fuse the scoring statistics into the model's graph (default true):
   * logits then never leave onnxruntime.  false keeps the model as it is and
   * scores with a separate statistics session (same numbers, slower).
   */
  fuse?: boolean;
  /**
   * The most memory, in bytes, scoring may hold: the weights of every
   * session plus one forward pass with its statistics.  Default half the
   * machine's memory.  Passes are sized to fit, a longer text is scored in
   * shorter windows when a full context would not fit (recorded in caches),
   * and a model whose weights alone do not fit is refused before it loads.
   */
  maxMemory?: number;
  /**
   * The longest window of tokens a token is scored with (default: the
   * model's context, or what the memory bound or a server allows).  Longer
   * texts are scored with sliding windows of this size, recorded in caches:
   * set it to a remote cache's window to score locally exactly as the
   * server did (a server's prompts are two tokens shorter than its context).
   */
  window?: number;
  /**
   * A remote model ("URL#NAME", see remoteSpec) only: the tokenizer, as a
   * bundled name or a folder with tokenizer.json (default NAME itself).
   * It must be the served model's own: lmdiff sends token ids.
   */
  tokenizer?: string;
  /** A remote model only: the servers' API key; default $LMDIFF_API_KEY, else $OPENAI_API_KEY. */
  apiKey?: string;
  /** A remote model only: requests in flight per replica (default 4). */
  concurrency?: number;
  /** A remote model only: the time limit of one request in milliseconds (default 300 s), retried after it. */
  requestTimeoutMs?: number;
  /** A remote model only: told of each retried request (why, and the wait before the next try). */
  onRetry?: (why: string, delayMs: number) => void;
}

/** A remote model as an object (loadModel's other form): the parts of "URL#NAME" and the remote options. */
export interface RemoteModelOptions extends LoadOptions {
  /** The server's base URL, e.g. http://10.0.0.5:8000/v1; several for replicas. */
  endpoint: string | string[];
  /** The served model name (/v1/models). */
  model: string;
}

/** A loaded language model: its ONNX session, tokenizer and what lmdiff needs to know of them. */
export class Model {
  readonly kind: ModelKind;
  readonly modelType: string;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly fingerprint: string;
  /** Causal: the token prepended so the first real token is scored. */
  readonly bosId: number | null;
  /** Masked: [CLS]-like, [SEP]-like, [MASK]-like and [PAD]-like ids. */
  readonly clsId: number | null;
  readonly sepId: number | null;
  readonly maskId: number | null;
  readonly padId: number;
  readonly inputNames: readonly string[];
  readonly vocabulary: Vocabulary;
  /** Whether the scoring statistics run inside this model's own graph. */
  readonly fused: boolean;
  /** Scoring worker threads for large jobs (0: none); see LoadOptions.workers. */
  readonly workers: number;
  /**
   * Whether a token's numbers are independent of what else is in its
   * forward pass.  False for dynamically quantized graphs (see
   * quantizesDynamically): each text is then scored alone and whole, one
   * text per pass, so that the numbers are the text's and not the batch's.
   */
  readonly batchIndependent: boolean;
  /** The memory bound of scoring, in bytes (LoadOptions.maxMemory). */
  readonly maxMemory: number;
  private plan?: { batchTokens: number; window: number; maxTokens: number };
  /** Memory other models held at the same time take from this one's bound (see shareMemoryWith). */
  private reserved = { bytes: 0, by: "" };
  private onnxHash?: string;
  private pool?: Promise<ScorerPool | null>;
  /** Forward passes running on the in-process session; dispose waits for them. */
  private readonly running = new Set<Promise<unknown>>();
  private disposing?: Promise<void>;
  /** A remote model's servers ("URL#NAME"), or null for a local one. */
  readonly remote: RemoteSpec | null;
  private remoteScorer?: RemoteScorer;
  /** LoadOptions.window, or Infinity. */
  private readonly maxWindow: number;

  private constructor(
    readonly name: string,
    readonly spec: string,
    readonly dir: string,
    readonly onnxPath: string,
    readonly config: ModelConfig,
    readonly tokenizerJson: TokenizerJson,
    readonly tokenizer: Tokenizer,
    private readonly ortSession: ort.InferenceSession | null,
    readonly tokenizerConfig: TokenizerConfig,
    fused: boolean,
    workers: number,
    /** What the scoring workers load: the fused graph, or the file as it is. */
    private readonly source: ModelSource,
    private readonly fileBytes: number,
    facts: { batchIndependent: boolean; maxMemory: number; window?: number; remote?: { spec: RemoteSpec } },
  ) {
    this.fused = fused;
    this.workers = workers;
    this.remote = facts.remote?.spec ?? null;
    this.maxWindow = facts.window ?? Infinity;
    this.batchIndependent = facts.batchIndependent;
    this.maxMemory = facts.maxMemory;
    this.modelType = String(config.model_type ?? "unknown");
    this.inputNames = ortSession ? ortSession.inputNames.filter((n) => !n.startsWith(FUSED_PREFIX)) : ["input_ids"];
    const outputs = ortSession ? ortSession.outputNames : ["logits"];
    const hasPast = this.inputNames.some((n) => n.startsWith("past_key_values."));
    // The kind comes from config.json's model_type alone, checked against
    // the graph: a config that names another architecture than the graph
    // beside it (a t5 config over a GPT-2 graph, say) is an error, never a
    // guess, because scoring a model as the wrong kind gives plausible but
    // meaningless numbers.
    // A remote model answers /v1/completions, which only causal models do;
    // its config.json (when the tokenizer folder has one) must agree.
    const kind = facts.remote && !config.model_type ? "causal" : modelKind(this.modelType);
    if (facts.remote && kind === "masked")
      throw new LmdiffError(
        `${name}: config.json says ${this.modelType}, a masked model; remote scoring uses /v1/completions, which serves causal models only`,
        "unsupported-model",
      );
    if (!kind)
      throw new LmdiffError(
        `unsupported model type "${this.modelType}" in ${dir} (inputs: ${this.inputNames.join(", ")}); lmdiff reads causal (${[...CAUSAL_TYPES].join(", ")}) and masked (${[...MASKED_TYPES].join(", ")}) language models`,
        "unsupported-model",
      );
    this.kind = kind;
    if (config.is_encoder_decoder === true)
      throw new LmdiffError(
        `${name}: config.json describes an encoder-decoder model; lmdiff reads causal and masked language models`,
        "unsupported-model",
      );
    if (this.kind === "masked" && hasPast)
      throw new LmdiffError(
        `${name}: config.json says ${this.modelType} (a masked model) but the ONNX graph has past_key_values inputs (a decoder); check that config.json belongs to ${path.basename(onnxPath)}`,
        "unsupported-model",
      );
    if (!this.inputNames.includes("input_ids") || !outputs.includes("logits"))
      throw new LmdiffError(
        `${name}: a ${this.modelType} model needs an input_ids input and a logits output (found inputs: ${this.inputNames.join(", ")}; outputs: ${outputs.join(", ")})`,
        "unsupported-model",
      );
    const known =
      /^(input_ids|attention_mask|position_ids|token_type_ids|use_cache_branch|past_key_values\.\d+\.(key|value)|lmdiff_target|lmdiff_k)$/;
    const unknown = this.inputNames.filter((n) => !known.test(n));
    if (unknown.length)
      throw new LmdiffError(
        `${name}: unsupported ONNX inputs ${unknown.join(", ")} for a ${this.modelType} model (inputs found: ${this.inputNames.join(", ")})`,
        "unsupported-model",
      );

    const tc = config;
    const positions = Number(tc.n_positions ?? tc.max_position_embeddings ?? tc.n_ctx ?? 0) || 0;
    // RoBERTa-style models reserve two position ids for the padding offset.
    const offset = this.modelType.includes("roberta") || this.modelType === "camembert" ? 2 : 0;
    const fromTokenizer = Number(this.tokenizerConfig.model_max_length ?? 0);
    let ctx = positions ? positions - offset : 0;
    if (fromTokenizer > 0 && fromTokenizer < 1e7) ctx = ctx ? Math.min(ctx, fromTokenizer) : fromTokenizer;
    this.contextLength = ctx || 1024;

    this.vocabulary = new Vocabulary(tokenizerJson);
    this.vocabSize = Math.max(this.vocabulary.size, Number(config.vocab_size ?? 0));
    this.fingerprint = this.vocabulary.fingerprint;

    const id = (key: string, configKey: string): number | null => {
      const fromConfig = config[configKey];
      if (typeof fromConfig === "number") return fromConfig;
      const tok = this.tokenizerConfig[key];
      const content = typeof tok === "string" ? tok : typeof tok === "object" && tok !== null && "content" in tok ? tok.content : undefined;
      if (typeof content !== "string") return null;
      const found = this.tokenizer.token_to_id(content);
      return typeof found === "number" ? found : null;
    };
    this.bosId = this.kind === "causal" ? (id("bos_token", "bos_token_id") ?? id("eos_token", "eos_token_id")) : null;
    this.clsId = id("cls_token", "cls_token_id") ?? id("bos_token", "bos_token_id");
    this.sepId = id("sep_token", "sep_token_id") ?? id("eos_token", "eos_token_id");
    this.maskId = id("mask_token", "mask_token_id");
    this.padId = id("pad_token", "pad_token_id") ?? this.bosId ?? 0;
    if (this.kind === "masked" && (this.maskId === null || this.clsId === null || this.sepId === null))
      throw new LmdiffError(`${name}: a masked model needs mask, cls and sep tokens in tokenizer_config.json`, "unsupported-model");
  }

  /**
   * The implementation of loadModel, which is the one way to load a model
   * (the public API and every caller use it).
   * @internal
   */
  static async load(spec: string, opts: LoadOptions = {}): Promise<Model> {
    if (isRemoteSpec(spec)) return Model.loadRemote(parseRemoteSpec(spec), opts);
    const dir = await resolveModelDir(spec, opts);
    // Parsed as unknown; the interfaces name the fields lmdiff reads, each read defensively.
    const read = (f: string, required: boolean): unknown => {
      const p = path.join(dir, f);
      if (!fs.existsSync(p)) {
        if (required) throw new LmdiffError(`${spec}: ${f} is missing in ${dir}`, "bad-model");
        return {};
      }
      try {
        return JSON.parse(fs.readFileSync(p, "utf8")) as unknown;
      } catch (e) {
        throw new LmdiffError(`${spec}: ${f} is not valid JSON (${(e as Error).message})`, "bad-model");
      }
    };
    const config = read("config.json", true) as ModelConfig;
    const tokenizerJson = read("tokenizer.json", true) as TokenizerJson;
    const tokenizerConfig = read("tokenizer_config.json", false) as TokenizerConfig;
    const onnxPath = findOnnx(dir, opts.onnxFile, opts.dtype);
    if (!onnxPath) throw new LmdiffError(`${spec}: no ONNX file in ${dir} (expected onnx/model.onnx)`, "bad-model");
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (e) {
      throw new LmdiffError(`${spec}: cannot read tokenizer.json (${(e as Error).message})`, "bad-model");
    }
    const threads = opts.threads ?? os.availableParallelism();
    // The graph and weight files' size, read once: it sets the workers and the memory check.
    const fileBytes = modelBytes(onnxPath);
    const workers = opts.workers ?? workersFor(fileBytes);
    if (!Number.isInteger(workers) || workers < 0)
      throw new LmdiffError(`invalid workers ${workers} (expected a whole number, 0 for none)`, "bad-option");
    const maxMemory = opts.maxMemory ?? defaultMaxMemory();
    if (typeof maxMemory !== "number" || !(maxMemory > 0))
      throw new LmdiffError(`invalid maxMemory ${String(maxMemory)} (expected bytes > 0)`, "bad-option");
    // Refuse a model that cannot fit before loading it (see memoryPlan).
    memoryPlan({
      name: spec,
      fileBytes,
      copies: 1 + workers,
      vocabSize: Number(config.vocab_size ?? 0),
      hidden: Number(config.n_embd ?? config.hidden_size ?? 0) || undefined,
      contextLength: Number(config.n_positions ?? config.max_position_embeddings ?? 1024) || 1024,
      preferredTokens: 1,
      maxMemory,
    });
    // The graph alone, its weights referenced in the file (see
    // weightsByReference): what lmdiff extends and inspects.  An unreadable
    // graph is left for onnxruntime to report.
    let graph: Uint8Array | null;
    try {
      graph = weightsByReference(onnxPath);
    } catch {
      graph = null;
    }
    const batchIndependent = !(graph && quantizesDynamically(graphOps(graph)));
    let session: ort.InferenceSession | undefined;
    let source: ModelSource = onnxPath;
    const kind = modelKind(String(config.model_type));
    if (graph && opts.fuse !== false && kind) {
      try {
        // The graph with the statistics appended; its weights stay in the
        // file, so fusing costs no extra copy of them.
        const fusedSource = { bytes: fuseStats(graph, kind), folder: path.dirname(onnxPath) };
        session = await createSession(fusedSource, threads);
        source = fusedSource;
      } catch {
        // Not a graph we can extend (e.g. an unusual export): score unfused.
        session = undefined;
      }
    }
    const fused = typeof source !== "string";
    try {
      session ??= await createSession(onnxPath, threads);
    } catch (e) {
      throw new LmdiffError(`${spec}: onnxruntime cannot load ${onnxPath} (${(e as Error).message.split("\n")[0]})`, "bad-model");
    }
    // A variant other than the default graph is named as such ("gpt2:q8"),
    // so that a model and its own quantized export can be compared and
    // listed side by side.
    const variant =
      opts.dtype && opts.dtype !== "fp32"
        ? opts.dtype
        : opts.onnxFile && !isDefaultGraph(dir, onnxPath)
          ? path.basename(onnxPath, ".onnx")
          : "";
    const base = isBundled(spec) || isHubId(spec) ? spec : path.basename(path.resolve(spec));
    const name = opts.name ?? (variant ? `${base}:${variant}` : base);
    return new Model(
      name,
      spec,
      dir,
      onnxPath,
      config,
      tokenizerJson,
      tokenizer,
      session,
      tokenizerConfig,
      fused,
      workers,
      source,
      fileBytes,
      {
        batchIndependent,
        maxMemory,
        window: checkedWindow(opts.window),
      },
    );
  }

  /**
   * A model scored by OpenAI-compatible servers: the tokenizer (and
   * config.json, when its folder has one) from `opts.tokenizer` or the
   * served name, then a connection checked with one probe (see
   * RemoteScorer.connect).
   */
  private static async loadRemote(remote: RemoteSpec, opts: LoadOptions): Promise<Model> {
    const tokSpec = opts.tokenizer ?? remote.model;
    let dir: string;
    if (fs.existsSync(tokSpec) && fs.statSync(tokSpec).isDirectory()) dir = path.resolve(tokSpec);
    else if (isBundled(tokSpec)) dir = await resolveModelDir(tokSpec, opts);
    else if (isHubId(tokSpec)) dir = await downloadHubModel(tokSpec, { ...opts, tokenizerOnly: true });
    else
      throw new LmdiffError(
        `${formatRemoteSpec(remote)}: no tokenizer "${tokSpec}" (not a folder, a bundled model or a hub id); pass --tokenizer (tokenizer: …) with the served model's hub id or a folder holding its tokenizer.json`,
        "bad-option",
      );
    const read = (f: string): unknown => {
      const p = path.join(dir, f);
      if (!fs.existsSync(p)) return {};
      try {
        return JSON.parse(fs.readFileSync(p, "utf8")) as unknown;
      } catch (e) {
        throw new LmdiffError(`${tokSpec}: ${f} is not valid JSON (${(e as Error).message})`, "bad-model");
      }
    };
    if (!fs.existsSync(path.join(dir, "tokenizer.json")))
      throw new LmdiffError(`${tokSpec}: tokenizer.json is missing in ${dir}`, "bad-model");
    const config = read("config.json") as ModelConfig;
    const tokenizerJson = read("tokenizer.json") as TokenizerJson;
    const tokenizerConfig = read("tokenizer_config.json") as TokenizerConfig;
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (e) {
      throw new LmdiffError(`${tokSpec}: cannot read tokenizer.json (${(e as Error).message})`, "bad-model");
    }
    const name = opts.name ?? remote.model;
    const m = new Model(name, formatRemoteSpec(remote), dir, "", config, tokenizerJson, tokenizer, null, tokenizerConfig, false, 0, "", 0, {
      batchIndependent: true,
      maxMemory: opts.maxMemory ?? defaultMaxMemory(),
      window: checkedWindow(opts.window),
      remote: { spec: remote },
    });
    if (m.bosId === null) throw new LmdiffError(`${name}: the tokenizer has no BOS or EOS token to start a text with`, "unsupported-model");
    const bos = m.bosId;
    const vocab = m.vocabSize;
    const key = m.vocabulary.tokenKey();
    m.remoteScorer = await RemoteScorer.connect(remote, {
      bosId: bos,
      vocab,
      key,
      client: {
        apiKey: opts.apiKey ?? process.env.LMDIFF_API_KEY ?? process.env.OPENAI_API_KEY,
        concurrency: opts.concurrency,
        timeoutMs: opts.requestTimeoutMs,
        onRetry: opts.onRetry,
      },
    });
    return m;
  }

  /** A remote model's scorer (see RemoteScorer); null for a local model. */
  get remoteScoring(): RemoteScorer | null {
    this.assertLive();
    return this.remoteScorer ?? null;
  }

  /** The in-process onnxruntime session; an lmdiff error once the model is disposed, or for a remote model. */
  get session(): ort.InferenceSession {
    this.assertLive();
    if (!this.ortSession)
      throw new LmdiffError(
        `${this.name} is scored by remote servers (${formatRemoteSpec(this.remote!)}); it has no local session`,
        "remote-model",
      );
    return this.ortSession;
  }

  /**
   * Padded tokens per forward pass and the longest scoring window, within
   * the memory bound (see memoryPlan and defaultBatchTokens).  The window
   * is the model's context unless a full context would not fit.
   */
  get scoringPlan(): { batchTokens: number; window: number; maxTokens: number } {
    if (this.remote) {
      // The servers hold the memory, and their context is what they say
      // (max_model_len), else config.json's.  A prompt is a row and its last
      // scored token, and the answer adds one generated token, so rows are
      // two shorter than the server's context.
      const len = this.remoteScorer?.facts.maxModelLen;
      const window = Math.max(1, Math.min(this.maxWindow, len === undefined ? this.contextLength : len - 2));
      return { batchTokens: Infinity, window, maxTokens: Infinity };
    }
    if (!this.plan) {
      const p = memoryPlan({
        name: this.reserved.bytes ? `${this.name} beside ${this.reserved.by}` : this.name,
        fileBytes: this.fileBytes,
        copies: 1 + this.workers,
        vocabSize: this.vocabSize,
        hidden: Number(this.config.n_embd ?? this.config.hidden_size ?? 0) || undefined,
        contextLength: this.contextLength,
        preferredTokens: defaultBatchTokens({ contextLength: this.contextLength, vocabSize: this.vocabSize, fileBytes: this.fileBytes }),
        maxMemory: this.maxMemory - this.reserved.bytes,
      });
      this.plan = { ...p, window: Math.min(p.window, this.maxWindow) };
    }
    return this.plan;
  }

  /** What this model's sessions hold: its weights and runtime in every copy (in-process and workers). */
  get sessionBytes(): number {
    if (this.remote) return 0;
    return sessionBytes(this.fileBytes) * (1 + this.workers);
  }

  /**
   * Count models held in memory at the same time (preprocess all, compare
   * on a corpus: both models stay loaded while each scores) against this
   * model's bound, so that the bound holds for the process and not for
   * each model alone.  Throws at once, with the usual one-line error, when
   * this model no longer fits beside them.
   */
  shareMemoryWith(others: readonly Model[]): void {
    const rest = others.filter((o) => o !== this);
    this.reserved = { bytes: rest.reduce((sum, o) => sum + o.sessionBytes, 0), by: rest.map((o) => o.name).join(", ") };
    this.plan = undefined;
    void this.scoringPlan;
  }

  /** Whether dispose() was called: the model can no longer score. */
  get disposed(): boolean {
    return this.disposing !== undefined;
  }

  /** Run one ScoreJob on the in-process session, tracked so that dispose waits for it. */
  runJob(job: ScoreJob): Promise<StatsResult> {
    const run = runScoreJob(this.session, job);
    this.running.add(run);
    const forget = () => void this.running.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Token ids of a text, without special tokens. */
  encode(text: string): Int32Array {
    this.assertLive();
    return Int32Array.from(this.tokenizer.encode(text, { add_special_tokens: false }).ids);
  }

  /** Display text for a text's tokens. */
  displayTokens(ids: ArrayLike<number>): DisplayTokens {
    return this.vocabulary.displayTokens(ids);
  }

  /** sha256 of the ONNX file, computed once (recorded in caches). */
  onnxSha256(): string {
    if (this.remote) return this.remoteScoring!.identity();
    if (!this.onnxHash) {
      const h = createHash("sha256");
      const fd = fs.openSync(this.onnxPath, "r");
      const buf = Buffer.alloc(1 << 20);
      let n: number;
      while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
      fs.closeSync(fd);
      this.onnxHash = h.digest("hex");
    }
    return this.onnxHash;
  }

  /**
   * The scoring workers, started on first use; null when this model has
   * none (workers: 0) or they cannot start here (then scoring stays on the
   * main thread, which gives the same numbers, only slower).
   */
  async scorerPool(): Promise<ScorerPool | null> {
    this.assertLive();
    if (this.workers === 0 || this.remote) return null;
    if ((await this.pool)?.closed) this.pool = undefined;
    this.pool ??= (async () => {
      const threads = Math.max(1, Math.floor(os.availableParallelism() / this.workers));
      try {
        return await ScorerPool.start(this.source, this.workers, threads);
      } catch (e) {
        if (process.env.LMDIFF_DEBUG) console.error(`lmdiff: scoring on the main thread (${(e as Error).message})`);
        return null;
      }
    })();
    return await this.pool;
  }

  /**
   * Free the model's sessions and workers.  Idempotent; afterwards every
   * method answers with an lmdiff error.  Forward passes still running
   * (a cancelled job's last batch) are awaited first: releasing a session
   * under a running pass is a native crash, not an error.
   */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      await Promise.allSettled([...this.running]);
      const pool = await this.pool;
      await pool?.close();
      await this.ortSession?.release();
    })();
    return this.disposing;
  }

  private assertLive(): void {
    if (this.disposing) throw new LmdiffError(`${this.name} was disposed; load it again (loadModel) to use it`, "disposed");
  }
}

/** LoadOptions.window, checked. */
function checkedWindow(w: number | undefined): number | undefined {
  if (w === undefined) return undefined;
  if (!Number.isInteger(w) || w < 2)
    throw new LmdiffError(`invalid window ${String(w)} (expected a whole number of tokens ≥ 2)`, "bad-option");
  return w;
}

/** Whether a graph is the one a folder loads by default (so names of default loads carry no variant). */
function isDefaultGraph(dir: string, onnxPath: string): boolean {
  try {
    return findOnnx(dir) === onnxPath;
  } catch {
    return false;
  }
}

/**
 * Load a model from a bundled name ("tiny-en"), a local folder in the
 * Hugging Face layout, a hub id ("Xenova/gpt2", downloaded once), or
 * OpenAI-compatible servers that score it ("http://host:8000/v1#NAME", or
 * `{ endpoint, model, tokenizer, apiKey }`; see RemoteScorer).
 */
export function loadModel(spec: string | RemoteModelOptions, opts?: LoadOptions): Promise<Model> {
  if (typeof spec === "string") return Model.load(spec, opts);
  if (typeof spec !== "object" || spec === null || !("endpoint" in spec))
    throw new LmdiffError(
      "loadModel takes a model spec (a bundled name, folder, hub id or URL#NAME) or { endpoint, model, tokenizer }",
      "bad-option",
    );
  const { endpoint, model, ...rest } = spec;
  const urls = Array.isArray(endpoint) ? endpoint : [endpoint];
  if (typeof model !== "string" || !model) throw new LmdiffError("a remote model needs its served name (model: …)", "bad-option");
  return Model.load(`${urls.join(",")}#${model}`, { ...rest, ...opts });
}
