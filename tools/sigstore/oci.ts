/**
 * A tiny OCI image pushed to a registry through the distribution HTTP API (no Docker, no Go): one gzip
 * layer holding one file, a config naming its diff ID, and a manifest. The end-to-end signing test
 * (test/kube/signing-e2e.kube.ts) pushes two of them to the local distribution registry and signs one.
 */
import { createHash } from "crypto";
import * as http from "http";
import { gzipSync } from "zlib";

const MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

const sha256 = (data: Buffer): string => `sha256:${createHash("sha256").update(data).digest("hex")}`;

/** A ustar archive with one regular file (header, content padded to 512, two empty blocks). */
export function tarOneFile(name: string, content: Buffer): Buffer {
    const header = Buffer.alloc(512);
    const put = (text: string, offset: number, length: number) => header.write(text, offset, length, "ascii");
    put(name, 0, 100);
    put("0000644\0", 100, 8);
    put("0000000\0", 108, 8);
    put("0000000\0", 116, 8);
    put(`${content.length.toString(8).padStart(11, "0")}\0`, 124, 12);
    put("00000000000\0", 136, 12);
    put("0", 156, 1);
    put("ustar\0", 257, 6);
    put("00", 263, 2);
    // The checksum is computed with its own field read as spaces.
    put("        ", 148, 8);
    let sum = 0;
    for (const b of header) sum += b;
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
    const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
    content.copy(padded);
    return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

export interface OciImage {
    readonly config: Buffer;
    readonly layer: Buffer;
    readonly manifest: Buffer;
    /** The manifest's digest: what a pod names the image by. */
    readonly digest: string;
}

/** An image whose single file says `text`: different texts give different digests. */
export function tinyImage(text: string): OciImage {
    const tar = tarOneFile("hello.txt", Buffer.from(`${text}\n`));
    const layer = gzipSync(tar);
    const config = Buffer.from(
        JSON.stringify({
            architecture: "amd64",
            os: "linux",
            config: { Cmd: ["/hello.txt"] },
            rootfs: { type: "layers", diff_ids: [sha256(tar)] },
        }),
    );
    const manifest = Buffer.from(
        JSON.stringify({
            schemaVersion: 2,
            mediaType: MANIFEST_TYPE,
            config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
            layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }],
        }),
    );
    return { config, layer, manifest, digest: sha256(manifest) };
}

interface HttpReply {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

function send(url: string, method: string, body?: Buffer, contentType?: string, accept?: string): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            url,
            {
                method,
                headers: {
                    ...(accept ? { accept } : {}),
                    ...(body ? { "content-length": body.length, "content-type": contentType ?? "application/octet-stream" } : {}),
                },
            },
            (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (d: string) => (text += d));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

function expect(r: HttpReply, status: number, what: string): void {
    if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} (expected ${status}): ${r.body.slice(0, 300)}`);
}

async function pushBlob(base: string, repo: string, data: Buffer): Promise<void> {
    const digest = sha256(data);
    const start = await send(`${base}/v2/${repo}/blobs/uploads/`, "POST");
    expect(start, 202, `starting the upload of ${digest} to ${repo}`);
    const location = new URL(String(start.headers.location), base);
    location.searchParams.set("digest", digest);
    expect(await send(location.toString(), "PUT", data), 201, `uploading ${digest} to ${repo}`);
}

/**
 * Pushes `image` as `<host>/<repo>:<tag>` (host is `127.0.0.1:<port>`, plain HTTP on loopback) and returns
 * the digest reference `<host>/<repo>@sha256:...` the registry confirmed.
 */
export async function pushImage(host: string, repo: string, tag: string, image: OciImage): Promise<string> {
    const base = `http://${host}`;
    await pushBlob(base, repo, image.layer);
    await pushBlob(base, repo, image.config);
    const put = await send(`${base}/v2/${repo}/manifests/${tag}`, "PUT", image.manifest, MANIFEST_TYPE);
    expect(put, 201, `pushing the manifest ${repo}:${tag}`);
    const confirmed = String(put.headers["docker-content-digest"] ?? "");
    if (confirmed !== image.digest) throw new Error(`${repo}:${tag}: the registry stored ${confirmed || "no digest"}, not ${image.digest}`);
    return `${host}/${repo}@${image.digest}`;
}

/** True when the registry serves a manifest for `<repo>:<tag>` (e.g. cosign's `sha256-<hex>.sig` signature tag). */
export async function hasTag(host: string, repo: string, tag: string): Promise<boolean> {
    const r = await send(`http://${host}/v2/${repo}/manifests/${tag}`, "HEAD", undefined, undefined, MANIFEST_TYPE);
    return r.status === 200;
}
