/**
 * Text placed inside an HTML <script> element ends at the first "</script"
 * and is parsed oddly after "<!--", whatever the JavaScript or JSON around
 * it means.  These helpers make such text inert without changing what it
 * means to its reader.
 */

const JSON_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON for a <script type="application/json"> child.  "<", ">" and "&" can
 * only occur inside JSON strings, where "\u003c" means the same character,
 * so "</script>" and "<!--" cannot appear; U+2028/2029 are escaped too so
 * the text stays valid JavaScript for any reader that evaluates it.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * JavaScript source for an inline <script>.  "<" becomes "\x3C" only where
 * it starts "</script" or "<!--": minified code has those only inside
 * strings, templates, regular expressions or comments, where "\x3C" reads
 * as the same character (a comment does not care).
 */
export function jsForScript(source: string): string {
  return source.replace(/<(?=\/script|!--)/gi, "\\x3C");
}
