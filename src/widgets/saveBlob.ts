/**
 * Offer `blob` as a download named `filename`: an object URL on a
 * temporary <a download> that is clicked and removed.  The URL is revoked
 * on the next task, once the browser has started the download.
 */
export function saveBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
