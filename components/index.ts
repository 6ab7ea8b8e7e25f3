// The public entry point of the `secure-baseline` package: components other stacks import.
export * from "./common";
export * from "./network";
export * from "./cluster";
export * from "./storage";
export * from "./detection";
export * from "./registry";
export * from "./guardrails";
export * from "./edge";
export * from "./secrets";
export * from "./response";
