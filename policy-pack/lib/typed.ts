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
 * A path the compiler checked against `T` (made by `pathOf<T>()` or `pathOfEach`), kept as
 * data for helpers that read at a path chosen at run time (the pod spec of a workload kind).
 * Only those makers produce one, so `readPath` never reads a path nobody checked.
 */
export type CheckedPath<T> = readonly Key[] & { readonly " checkedAgainst": T };

/**
 * A checked property path as data, for policies that report or rewrite a path
 * (`pathOf<aws.s3.BucketArgs>()("versioning", "enabled")` is `["versioning", "enabled"]`).
 */
export function pathOf<T>(): <const P extends readonly Key[]>(...path: P & ValidPath<T, P>) => P & CheckedPath<T> {
    return (...path) => path as typeof path & CheckedPath<T>;
}

/** A path checked against both `A` and `B` (a field two input types share, e.g. pod and container security contexts). */
export function pathOfEach<A, B>(): <const P extends readonly Key[]>(
    ...path: P & ValidPath<A, P> & ValidPath<B, P>
) => P & CheckedPath<A> & CheckedPath<B> {
    return (...path) => path as typeof path & CheckedPath<A> & CheckedPath<B>;
}

/** A reader whose paths the compiler checks against both `A` and `B` (shapes that spell a setting the same way). */
export function readerForEach<A, B>(): <const P extends readonly Key[]>(
    value: Data,
    ...path: P & ValidPath<A, P> & ValidPath<B, P>
) => Data {
    return (value, ...path) => at(value, ...path);
}

/** Reads at a checked path (the runtime behaviour of `at()`). */
export function readPath<T>(value: Data, path: CheckedPath<T>): Data {
    return at(value, ...path);
}

/** `P` when it is a path of every type in `Ts`; `never` otherwise. */
export type ValidForAll<Ts extends readonly unknown[], P extends readonly Key[]> = Ts extends readonly [infer H, ...infer R]
    ? [PathValue<H, P>] extends [never]
        ? never
        : ValidForAll<R, P>
    : P;

/** A reader whose paths the compiler checks against every type of `Ts` (resource families that share a property). */
export function readerForAll<Ts extends readonly unknown[]>(): <const P extends readonly Key[]>(
    value: Data,
    ...path: P & ValidForAll<Ts, P>
) => Data {
    return (value, ...path) => at(value, ...path);
}

/**
 * Brands a path that a generic helper's own signature already checked against `T` (a
 * parameter typed `P & ValidPath<T, P>`, which the compiler cannot re-prove inside the
 * generic body). Only for that case: test/policy-pack/typed-guard.test.ts lists the files
 * allowed to call it.
 */
export function checkedBy<T>(path: readonly Key[]): CheckedPath<T> {
    return path as CheckedPath<T>;
}
