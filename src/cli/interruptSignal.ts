let shared: AbortController | undefined;

/**
 * An AbortSignal that fires on Ctrl-C, so that long work stops in order
 * (the parts in flight finish, sessions and workers close) and can resume;
 * the command then exits 130.  Installed when a command starts, before its
 * models load, so that an early Ctrl-C is handled the same way; a second
 * Ctrl-C exits at once.
 */
export function interruptSignal(): AbortSignal {
  if (shared) return shared.signal;
  const ac = (shared = new AbortController());
  process.on("SIGINT", () => {
    if (ac.signal.aborted) {
      process.stderr.write("lmdiff: interrupted again; stopping now\n");
      process.exit(130);
    }
    process.stderr.write("\nlmdiff: interrupted; finished parts are kept, rerun the same command to resume\n");
    ac.abort();
  });
  return ac.signal;
}
