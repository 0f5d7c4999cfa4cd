/**
 * Register a custom element unless a tag of that name already exists: the
 * bundle may be loaded twice on one page (two notebook outputs, or the IIFE
 * and the anywidget module), and a second define() would throw.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
