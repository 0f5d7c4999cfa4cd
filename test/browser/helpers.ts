import type { LitElement } from "lit";

/** Mount an element in a fixed-width container and wait for its first render. */
export async function mount<T extends LitElement>(el: T, width = 800): Promise<T> {
  const host = document.createElement("div");
  host.style.width = `${width}px`;
  document.body.append(host);
  host.append(el);
  await el.updateComplete;
  // The ResizeObserver fires after layout; let it and the re-render settle.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await el.updateComplete;
  return el;
}

export function unmount(el: Element): void {
  el.parentElement?.remove();
}

export const $ = <E extends Element = Element>(root: Element, sel: string): E => {
  const found = root.shadowRoot!.querySelector<E>(sel);
  if (!found) throw new Error(`no ${sel}`);
  return found;
};

export function pointer(target: Element, type: string, init: PointerEventInit = {}): void {
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, button: 0, isPrimary: true, ...init }));
}

export function click(target: Element): void {
  target.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
}

export const settle = async (el: LitElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
};

/**
 * Capture what saveBlob hands the browser: URL.createObjectURL's blobs and
 * the download anchors clicked, without starting a download.  Call the
 * returned restore() when done.
 */
export function captureDownloads(): { blobs: Blob[]; anchors: { href: string; download: string }[]; restore(): void } {
  const blobs: Blob[] = [];
  const anchors: { href: string; download: string }[] = [];
  // What restore() puts back, as property descriptors: URL's own
  // createObjectURL, and HTMLAnchorElement.prototype's own click (none
  // unless something set one: anchors inherit HTMLElement's).
  const savedCreate = Object.getOwnPropertyDescriptor(URL, "createObjectURL")!;
  const savedClick = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, "click");
  const create = savedCreate.value as typeof URL.createObjectURL;
  URL.createObjectURL = (o: Blob | MediaSource) => {
    const url = create.call(URL, o);
    if (o instanceof Blob) blobs.push(o);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) anchors.push({ href: this.href, download: this.download });
    else if (savedClick) (savedClick.value as HTMLElement["click"]).call(this);
    else HTMLElement.prototype.click.call(this);
  };
  return {
    blobs,
    anchors,
    restore() {
      Object.defineProperty(URL, "createObjectURL", savedCreate);
      if (savedClick) Object.defineProperty(HTMLAnchorElement.prototype, "click", savedClick);
      else Reflect.deleteProperty(HTMLAnchorElement.prototype, "click");
    },
  };
}
