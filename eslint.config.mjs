// Lint: typescript-eslint's recommended rules everywhere; type-aware Pulumi rules
// (an Output inside a template literal is a silent bug) on the code that builds resources.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/**", "dist/**", "policy-pack/bin/**", ".check-out/**", "**/*.js", "**/*.mjs", "**/*.cjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            eqeqeq: ["error", "always"],
        },
    },
    {
        files: ["components/**/*.ts", "stacks/**/*.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: {
            parserOptions: { project: "./tsconfig.eslint.json", tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
);
