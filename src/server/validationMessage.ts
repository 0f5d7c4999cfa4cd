/** One schema-validation failure as fastify reports it (an Ajv error). */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Turn fastify's first validation error into the one-line message the rest
 * of lmdiff uses (see src/core/options.ts): it names the parameter, the
 * bad value and what is allowed, e.g.
 * `lmdiff: unknown measure "foo" (expected one of prob_diff, …)`.
 * `input` is the request part that failed (query or body), for the value.
 */
export function validationMessage(issue: ValidationIssue, context: string, input: unknown): string {
  const where = context === "body" ? "field" : "parameter";
  const name = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const value = name && input && typeof input === "object" ? (input as Record<string, unknown>)[name.split(".")[0]] : input;
  const shown = JSON.stringify(value);
  switch (issue.keyword) {
    case "required":
      return `lmdiff: missing ${context === "body" ? "body field" : "query parameter"} ${String(issue.params.missingProperty)}`;
    case "dependencies":
      return `lmdiff: ${String(issue.params.property)} needs ${String(issue.params.missingProperty)} as well`;
    case "enum":
      return `lmdiff: unknown ${name} ${shown} (expected one of ${(issue.params.allowedValues as unknown[]).join(", ")})`;
    case "type":
      if (!name) return `lmdiff: the ${context === "body" ? "body must be a JSON object" : "query is malformed"}`;
      return `lmdiff: invalid ${name} ${shown} (expected ${article(String(issue.params.type))})`;
    case "minimum":
    case "maximum":
      return `lmdiff: invalid ${name} ${shown} (expected ${issue.keyword === "minimum" ? "at least" : "at most"} ${String(issue.params.limit)})`;
    case "minLength":
      return name === "text" ? "lmdiff: the text is empty" : `lmdiff: ${where} ${name} is empty`;
    case "maxLength":
      return `lmdiff: ${where} ${name} is too long (at most ${String(issue.params.limit)} characters)`;
    default:
      return `lmdiff: invalid ${context}${name ? ` ${where} ${name}` : ""}: ${issue.message ?? issue.keyword}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
