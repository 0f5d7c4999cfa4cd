import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * The Content-Security-Policy of the app: scripts only from the server
 * itself (the page has no inline script, and the widget bundle uses no
 * eval), requests only to the server, nothing may frame the page.  Inline
 * style attributes are allowed because the widgets colour tokens and
 * swatches with `style="background: …"`; they cannot run code.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/** The Content-Security-Policy header's value. */
export const cspHeaderValue = (): string =>
  Object.entries(CONTENT_SECURITY_POLICY)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join(";");

/**
 * The security headers that matter on a JSON error, for the few answers
 * that are written outside fastify's hooks (and so never see helmet's):
 * a malformed HTTP request answered on the raw socket, or a URL that
 * fastify's router refuses before routing.
 */
export const errorSecurityHeaders = (): Record<string, string> => ({
  "Content-Security-Policy": cspHeaderValue(),
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
});

/** Security headers on every response (CSP, nosniff, no framing, no referrer). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    // Served over plain HTTP on a local port by default: HSTS would be wrong there.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
