/**
 * The one error type lmdiff throws for problems a user can fix: bad input,
 * incompatible models, a corrupted cache.  Its message is one line that
 * says what went wrong and what to do, prefixed "lmdiff: ".  The CLI prints
 * the message alone (no stack) and exits non-zero; the server turns it
 * into a 4xx with the message as the reason.
 */
export class LmdiffError extends Error {
  /** A stable, machine-readable code, e.g. "bad-option", "incompatible-models". */
  readonly code: string;
  /** The HTTP status the server answers with for this error. */
  readonly status: number;

  constructor(message: string, code = "error", status = 400) {
    super(message.startsWith("lmdiff: ") ? message : `lmdiff: ${message}`);
    this.name = "LmdiffError";
    this.code = code;
    this.status = status;
  }
}

/** True for errors that carry a user-facing message. */
export function isLmdiffError(e: unknown): e is LmdiffError {
  return e instanceof Error && (e as LmdiffError).name === "LmdiffError";
}
