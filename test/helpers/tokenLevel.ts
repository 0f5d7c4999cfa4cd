import assert from "node:assert/strict";
import { isAligned, type AlignedData } from "../../src/core/AlignedData.ts";
import type { InstanceData } from "../../src/core/InstanceData.ts";

/** A comparison's data, checked to be token by token (the two models share a tokenizer). */
export function tokenLevel(d: InstanceData | AlignedData): InstanceData {
  assert.ok(!isAligned(d), "expected a token-level comparison (one tokenizer)");
  return d;
}
