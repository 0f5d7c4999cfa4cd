/**
 * A model or dataset name as part of a file name: every run of characters
 * other than letters, digits, "_", "." and "-" becomes one "_", so that a
 * hub id ("Xenova/gpt2") or a name with spaces cannot reach into another
 * folder or need quoting.  Cache and comparison file names are built from
 * it, so changing it orphans existing files.
 */
export function safeFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, "_");
}
