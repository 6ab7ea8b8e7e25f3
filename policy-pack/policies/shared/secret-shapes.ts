/**
 * Secrets-shaped strings in instance user data: what a credential looks like, whatever
 * the spelling (case, export, quotes, YAML or INI form, base64 or gzip+base64 wrapping).
 * A reference to a secret store (a command substitution, a variable, an ARN) is not a
 * secret. Pure functions; zlib is Node's own and loaded only for gzip-wrapped data.
 */

/** Named credential formats: the shape alone is enough. */
const TOKEN_SHAPES: readonly { readonly name: string; readonly re: RegExp }[] = [
    { name: "an AWS access key ID", re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
    { name: "a private key", re: /-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----/i },
    { name: "a GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/ },
    { name: "a Slack token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
    { name: "a GitLab token", re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
    { name: "a URL with an embedded password", re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s@/$]{6,}@/i },
];

/** Names whose assigned value is a credential (aws_secret_access_key, DB_PASSWORD, apiKey, ...). */
const SECRET_NAME =
    /(?:secret[_-]?access[_-]?key|password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|client[_-]?secret|credentials?)/i;
/** name=value, name: value, "name": "value", --name=value (shell, YAML, INI, JSON). */
const ASSIGNMENT = /([A-Za-z0-9_.-]+)["']?\s*(?:=|:)\s*["']?([^\s"'`;,}]+)/g;

function isReference(value: string): boolean {
    // A command substitution, a variable, a file path, an ARN or a placeholder names where the secret lives.
    return (
        /^(\$|\{\{|<|%|@|\/|arn:|file:|ssm:|resolve:|secretsmanager|\(|true$|false$|null$|none$|required$|optional$)/i.test(value) ||
        value.length < 8
    );
}

/** What kind of secret `text` carries, or undefined. */
export function secretShapeIn(text: string): string | undefined {
    for (const t of TOKEN_SHAPES) if (t.re.test(text)) return t.name;
    for (const line of text.split(/\r?\n/)) {
        ASSIGNMENT.lastIndex = 0;
        for (let m = ASSIGNMENT.exec(line); m !== null; m = ASSIGNMENT.exec(line)) {
            const name = m[1].replace(/^-+/, "");
            if (
                name !== "" &&
                SECRET_NAME.test(name) &&
                !/(_file|_path|_arn|_id|_name|_ref|length|policy)$/i.test(name) &&
                !isReference(m[2])
            ) {
                return `a value assigned to ${name.slice(0, 40)}`;
            }
        }
    }
    return undefined;
}

function decodeBase64(text: string): string | undefined {
    const compact = text.replace(/\s+/g, "");
    if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
    const bytes = Buffer.from(compact, "base64");
    if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for gzip-wrapped user data
            const zlib = require("zlib") as typeof import("zlib");
            return zlib.gunzipSync(bytes, { maxOutputLength: 1 << 20 }).toString("utf8");
        } catch {
            return undefined;
        }
    }
    const decoded = bytes.toString("utf8");
    // Text, not random bytes: mostly printable.
    const printable = decoded.replace(/[^\x20-\x7e\r\n\t]/g, "").length;
    return printable >= decoded.length * 0.9 ? decoded : undefined;
}

/** Looks through plain text and, when it is base64 (maybe gzip inside), the decoded text. */
export function secretInUserData(text: string): string | undefined {
    const plain = secretShapeIn(text);
    if (plain) return plain;
    const decoded = decodeBase64(text);
    return decoded === undefined ? undefined : secretShapeIn(decoded);
}
