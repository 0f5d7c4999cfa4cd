import { LmdiffError } from "../core/LmdiffError.js";

/** owner/name, optionally @REVISION: a commit sha, a tag or a branch (which may contain "/", as refs/pr/1). */
const HUB_SPEC = /^([A-Za-z0-9][\w.-]*\/[\w.-]+)(?:@([\w.\-/]+))?$/;

/** Whether a model spec looks like a hub id: "owner/name" or "owner/name@revision". */
export const isHubId = (spec: string): boolean => HUB_SPEC.test(spec) && !spec.includes("..");

/**
 * A hub spec split into the repo id and the revision it pins, if any.  A
 * revision in the spec and a different `revision` option contradict each
 * other: that is an error rather than a silent choice.
 */
export function parseHubSpec(spec: string, revisionOption?: string): { id: string; revision: string } {
  const m = HUB_SPEC.exec(spec);
  if (!m || spec.includes(".."))
    throw new LmdiffError(`invalid hub id ${JSON.stringify(spec)} (expected owner/name or owner/name@revision)`, "bad-option");
  const [, id, pinned] = m;
  if (pinned !== undefined && revisionOption !== undefined && revisionOption !== pinned)
    throw new LmdiffError(`${spec} pins revision ${pinned} but the revision option says ${revisionOption}; give only one`, "bad-option");
  return { id, revision: pinned ?? revisionOption ?? "main" };
}
