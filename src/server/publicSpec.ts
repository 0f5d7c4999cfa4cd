import * as path from "node:path";
import type { ModelLabel } from "../core/InstanceData.js";

/**
 * A model label as clients see it: a spec that is a local folder path is
 * replaced by the model's name, so answers do not reveal the server's file
 * layout; bundled names and hub ids are kept.
 */
export function publicLabel(m: ModelLabel): ModelLabel {
  const local = path.isAbsolute(m.spec) || m.spec.startsWith(".") || m.spec.includes("\\");
  return local ? { name: m.name, spec: m.name } : m;
}

export const publicLabels = (ms: readonly [ModelLabel, ModelLabel]): [ModelLabel, ModelLabel] => [publicLabel(ms[0]), publicLabel(ms[1])];
