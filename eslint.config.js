// Lint rules: the recommended sets of ESLint and typescript-eslint, nothing project-specific.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["scripts/**/*.mjs", "examples/**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", performance: "readonly" } },
  },
);
