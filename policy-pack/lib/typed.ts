/**
 * Property reads checked by the compiler against the provider SDKs' input types.
 *
 * `const read = readerFor<aws.ec2.SecurityGroupArgs>()` gives a function with the runtime
 * behaviour of `at()` (never throws; unknowns stay `Unknown`), whose path the compiler
 * checks step by step through the type: a misspelt property, or an index into something
 * that is not a list, fails the build. The SDK types come in with `import type` only, so
 * the pack loads nothing more at run time (no change to cold start).
 */
import type { Unwrap } from "@pulumi/pulumi";
import { Data, at } from "./data";

type Key = string | number;

/** An SDK input type without its Input/Output/Promise wrappers and without undefined. */
type Plain<T> = NonNullable<Unwrap<T>>;

/** The type found at `P` inside `T`, or `never` when some step of `P` does not exist there. */
export type PathValue<T, P extends readonly Key[]> = P extends readonly []
    ? T
    : P extends readonly [infer K, ...infer Rest extends readonly Key[]]
      ? Plain<T> extends readonly (infer E)[]
          ? K extends number
              ? PathValue<E, Rest>
              : never
          : K extends keyof Plain<T>
            ? PathValue<Plain<T>[K], Rest>
            : never
      : never;

/** `P` itself when it is a path of `T`; `never` (a compile error at the call) otherwise. */
export type ValidPath<T, P extends readonly Key[]> = [PathValue<T, P>] extends [never] ? never : P;

/** A property reader whose paths the compiler checks against `T` (see the file comment). */
export type Reader<T> = <const P extends readonly Key[]>(value: Data, ...path: P & ValidPath<T, P>) => Data;

/** A typed reader for the input type `T` (for example `aws.eks.ClusterArgs`). */
export function readerFor<T>(): Reader<T> {
    return (value, ...path) => at(value, ...path);
}

/**
 * A checked property path as data, for policies that report or rewrite a path
 * (`pathOf<aws.s3.BucketArgs>()("versioning", "enabled")` is `["versioning", "enabled"]`).
 */
export function pathOf<T>(): <const P extends readonly Key[]>(...path: P & ValidPath<T, P>) => P {
    return (...path) => path;
}
