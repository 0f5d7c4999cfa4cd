// Lint: typescript-eslint with type-aware rules, so that promises nobody
// awaits (the cause of the unhandled rejections fixed in #11) and other
// type-level mistakes are caught; Prettier owns formatting
// (eslint-config-prettier turns off the rules that would fight it).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "lib/**",
      "node_modules/**",
      "notebooks/**",
      "models/**",
      "data/**",
      "bench/results/**",
      // The real-size bench's Python environment, npm install and models (bench/makeRealModels.sh).
      "bench/.venv/**",
      "bench/.deps/**",
      "bench/.models/**",
      "tmp/**",
      "test-output/**",
      "coverage/**",
      "docs/api/**",
      "**/*.d.ts",
      // A user's files, not ours: test/package copies them into a consumer
      // project and checks them there against the installed tarball (its
      // "lmdiff" imports, and the @ts-expect-error lines that must fail if
      // those types turn to `any`); in this repository "lmdiff" resolves only
      // to a stale or missing lib/.
      "test/package/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.lint.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // node:test's test() and describe() return promises that the runner
    // itself awaits; not awaiting them at the top level is how it is used.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"],
              package: "node:test",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: null, projectService: false },
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
        window: "readonly",
        document: "readonly",
      },
    },
  },
  {
    // CommonJS files (the package is "type": "commonjs"): require is their
    // import statement, so the rule against it does not apply.
    files: ["**/*.cjs", "bin/*.js", "webpack.config.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
