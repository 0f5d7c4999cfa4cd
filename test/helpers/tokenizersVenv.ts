import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { lock, PYPI_MIRROR } from "./jupyterlabVenv.ts";

const run = promisify(execFile);

/** A venv with Hugging Face's Python `tokenizers` (the Rust library), for reference offsets; test-output/ is ignored by git. */
export const TOKENIZERS_VENV = path.join(__dirname, "..", "..", "test-output", "tokenizers-venv");

/** Why the reference cannot run here, or null when it can (the local package mirror is needed). */
export function tokenizersVenvMissing(): string | null {
  return fs.existsSync(PYPI_MIRROR) ? null : `the local Python package index ${PYPI_MIRROR} is not on this machine`;
}

/** The venv's python, made on first use (seconds, from the local mirrors only). */
export async function tokenizersPython(): Promise<string> {
  const python = path.join(TOKENIZERS_VENV, "bin", "python");
  const usable = async () => {
    try {
      await run(python, ["-c", "import tokenizers"], { timeout: 60_000 });
      return true;
    } catch {
      return false;
    }
  };
  if (await usable()) return python;
  const release = await lock(`${TOKENIZERS_VENV}.lock`);
  try {
    if (await usable()) return python;
    fs.rmSync(TOKENIZERS_VENV, { recursive: true, force: true });
    await run("python3", ["-m", "venv", TOKENIZERS_VENV], { timeout: 120_000 });
    const pip = path.join(TOKENIZERS_VENV, "bin", "pip");
    const index = ["--index-url", `file://${PYPI_MIRROR}`, "--extra-index-url", "file:///opt/pypi-more/simple"];
    await run(pip, ["install", "--quiet", "--disable-pip-version-check", ...index, "tokenizers"], { timeout: 600_000 });
    if (!(await usable())) throw new Error(`tokenizersPython: ${TOKENIZERS_VENV} was made but cannot import tokenizers`);
    return python;
  } finally {
    release();
  }
}

/**
 * Token ids and character offsets (code points) of each text, by the Rust
 * tokenizers library from a tokenizer.json, without special tokens.
 */
export async function referenceOffsets(tokenizerJson: string, texts: string[]): Promise<{ ids: number[]; offsets: [number, number][] }[]> {
  const python = await tokenizersPython();
  const script = [
    "import json, sys",
    "from tokenizers import Tokenizer",
    "tok = Tokenizer.from_file(sys.argv[1])",
    "texts = json.load(sys.stdin)",
    "out = [tok.encode(t, add_special_tokens=False) for t in texts]",
    "print(json.dumps([{'ids': e.ids, 'offsets': e.offsets} for e in out]))",
  ].join("\n");
  const child = run(python, ["-c", script, tokenizerJson], { timeout: 120_000, maxBuffer: 64 << 20 });
  child.child.stdin!.end(JSON.stringify(texts));
  return JSON.parse((await child).stdout) as { ids: number[]; offsets: [number, number][] }[];
}
