// The public entry point of the `secure-baseline` package: components other stacks import.
export * from "./common";
export * from "./guardrails";
