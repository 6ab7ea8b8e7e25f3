/**
 * The `signing` keys (CTR-2): image signatures verified at admission by the Sigstore policy-controller,
 * against the stack's KMS signing key for the account's ECR and any extra trusted registries with their own
 * keys. The cluster name and VPC CIDR come from the other sections; here only what a stack chooses.
 */
import { z } from "zod";
import { ValidationError, imageSigningErrors } from "../../components";
import { booleanField, fieldError, stringListField, structuredField } from "./fields";
import { configNaming } from "./naming";

const TRUSTED_REGISTRY = z.strictObject({
    glob: z.string({ error: fieldError("is not allowed", 'use an image glob such as "ghcr.io/example-org/**"') }),
    key: z.string({ error: fieldError("is not allowed", "use a PEM public key or an awskms:/// key reference") }),
});

export const SIGNING_KEYS = {
    /** false: no verifier, unsigned images run (the pack's CTR-2 policy then fails the stack). */
    imageSigning: booleanField(true),
    imageSignerPrincipalArns: stringListField([]),
    trustedImageRegistries: structuredField(
        z.array(TRUSTED_REGISTRY, { error: fieldError("is not allowed", "use a list of { glob, key }") }),
        [],
    ),
} as const;

type SigningKey = keyof typeof SIGNING_KEYS;
type ParsedSigning = z.output<z.ZodObject<typeof SIGNING_KEYS>>;

export interface SigningConfig {
    readonly enabled: boolean;
    readonly signerPrincipalArns: readonly string[];
    readonly trustedRegistries: ReadonlyArray<{ readonly glob: string; readonly key: string }>;
}

/** Stands in for the values the program passes (cluster name, VPC CIDR) while the stack's own keys are checked. */
const VALIDATION_PLACE = { clusterName: "validation", vpcCidr: "10.0.0.0/16" } as const;

/** imageSigning argument → config key: the table the component's problems are named by. */
export const SIGNING_ARGUMENT_KEYS: Readonly<Record<string, SigningKey>> = {
    "imageSigning.signerPrincipalArns": "imageSignerPrincipalArns",
    "imageSigning.trustedRegistries": "trustedImageRegistries",
};

export function signingSection(v: ParsedSigning): SigningConfig {
    const config: SigningConfig = {
        enabled: v.imageSigning,
        signerPrincipalArns: v.imageSignerPrincipalArns,
        trustedRegistries: v.trustedImageRegistries,
    };
    const [problem] = imageSigningErrors({
        ...VALIDATION_PLACE,
        signerPrincipalArns: config.signerPrincipalArns,
        trustedRegistries: config.trustedRegistries,
    });
    if (problem !== undefined) throw new ValidationError(problem, configNaming(SIGNING_ARGUMENT_KEYS));
    return config;
}
