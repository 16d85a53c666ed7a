// ESLint for the front end (`make lint`): its recommended rules, and a few more that
// catch mistakes rather than enforce a style. Run from the project's root as
// `npx eslint frontend`; ESLint finds this file beside the files it checks.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "array-callback-return": "error",
      eqeqeq: "error",
      "no-promise-executor-return": "error",
      "no-self-compare": "error",
      "no-shadow": "error",
      "no-template-curly-in-string": "error",
      "no-unmodified-loop-condition": "error",
      "no-unreachable-loop": "error",
      "no-use-before-define": ["error", { functions: false, classes: false, variables: false }],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  // The page's scripts run in the browser; the build and the tests in Node.
  { files: ["src/**/*.js"], languageOptions: { globals: globals.browser } },
  // The service worker runs in a worker of its own (no document, no window).
  { files: ["src/js/sw.js"], languageOptions: { globals: globals.serviceworker } },
  { files: ["*.mjs", "tests/**/*.mjs"], languageOptions: { globals: globals.node } },
];
