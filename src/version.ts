/** The lmdiff version, recorded in every cache and results file. */
export const VERSION = "0.1.0";
