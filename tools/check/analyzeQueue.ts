/**
 * Sending records to the pack as they arrive: the analyzer view of each record (explicit and
 * default providers as the engine gives them) and the queue that spreads Analyze calls over
 * the pack processes and keeps their diagnostics in registration order.
 */
import { defaultOptions } from "./analyzerMessages";
import type { AnalyzerResource, Diagnostic, PackProcess } from "./pack";
import type { ProjectInfo } from "./project";
import type { ResourceRecord, SlottedRecord, WireMap } from "./records";

/** How many Analyze calls are in flight at once per pack process (the engine also analyzes resources as they arrive, concurrently). */
const ANALYZE_WINDOW = 32;

/** The engine's name for a default provider: `default_<version with underscores>`. */
export function defaultProviderName(version: string): string {
    return version === "" ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
}

function packageOf(type: string): string {
    return type.split(":")[0];
}

/**
 * The analyzer view of each record, built as records arrive: explicit providers are looked
 * up among the records seen so far, default providers are made up as the engine names them.
 */
export class AnalyzerViews {
    private readonly byUrn = new Map<string, ResourceRecord>();
    private readonly defaults = new Map<string, AnalyzerResource>();

    constructor(private readonly project: ProjectInfo) {}

    add(r: ResourceRecord): void {
        this.byUrn.set(r.urn, r);
    }

    /** True when the record's explicit provider (if any) has been added, so its view is complete. */
    ready(r: ResourceRecord): boolean {
        return !r.custom || r.type.startsWith("pulumi:providers:") || r.provider === "" || this.byUrn.has(providerUrn(r.provider));
    }

    /** What Analyze receives: the inputs. */
    inputs(r: ResourceRecord): AnalyzerResource {
        return this.view(r, r.inputs);
    }

    /** What AnalyzeStack receives: the default providers, then the state after the (canned) create, like the engine. */
    stack(records: readonly ResourceRecord[]): AnalyzerResource[] {
        const views = records.map((r) => this.view(r, r.outputs));
        return [...this.defaults.values(), ...views];
    }

    private providerConfig(pkg: string, version: string): WireMap {
        const props: WireMap = {};
        for (const [k, v] of Object.entries(this.project.config)) {
            if (k.startsWith(`${pkg}:`)) props[k.slice(pkg.length + 1)] = v;
        }
        if (version !== "") props.version = version;
        return props;
    }

    private providerFor(r: ResourceRecord): AnalyzerResource["provider"] {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        if (r.provider !== "") {
            const p = this.byUrn.get(providerUrn(r.provider));
            return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined;
        }
        const pkg = packageOf(r.type);
        const name = defaultProviderName(r.version);
        const urn = `urn:pulumi:${this.project.stack}::${this.project.name}::pulumi:providers:${pkg}::${name}`;
        let d = this.defaults.get(urn);
        if (!d) {
            d = {
                urn,
                type: `pulumi:providers:${pkg}`,
                name,
                properties: this.providerConfig(pkg, r.version),
                options: defaultOptions(),
                parent: "",
                dependencies: [],
                propertyDependencies: {},
            };
            this.defaults.set(urn, d);
        }
        return { urn: d.urn, type: d.type, name: d.name, properties: d.properties };
    }

    private view(r: ResourceRecord, properties: WireMap): AnalyzerResource {
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties,
            options: {
                protect: r.protect,
                ignoreChanges: r.ignoreChanges,
                deleteBeforeReplace: r.deleteBeforeReplace,
                additionalSecretOutputs: r.additionalSecretOutputs,
                aliases: r.aliases,
                customTimeouts: r.customTimeouts,
                parent: r.parent,
            },
            provider: this.providerFor(r),
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        };
    }
}

/** The URN part of a provider reference `urn::id`. */
function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

/** A pack process taking Analyze calls, and how many of them it has in flight. */
interface PackSlot {
    readonly pack: Pick<PackProcess, "analyze">;
    inFlight: number;
}

/**
 * Sends records to Analyze as they arrive, at most ANALYZE_WINDOW calls in flight per pack
 * process, once a pack is configured (the engine, too, analyzes each resource as it is
 * registered). More pack processes can join at any time (`start`); each call goes to the
 * one with the fewest calls in flight. Every pack process runs the same pack with the same
 * config and a resource policy sees one resource, so which process judged a resource does
 * not change its diagnostics. They are kept at the record's registration slot, so the
 * report's order does not depend on timing either. A record whose explicit provider has
 * not arrived yet waits for the end.
 */
export class AnalyzeQueue {
    private readonly queue: SlottedRecord[] = [];
    private head = 0;
    private readonly waiting: SlottedRecord[] = [];
    private readonly results: Diagnostic[][] = [];
    private readonly packs: PackSlot[] = [];
    private inFlight = 0;
    private error: unknown;
    private idle: (() => void) | undefined;
    private ending = false;
    private abandoned = false;

    /** `onBacklog` is told how many records wait for a pack after each batch arrives. */
    constructor(
        private readonly views: AnalyzerViews,
        private readonly onBacklog?: (backlog: number) => void,
    ) {}

    add(records: readonly SlottedRecord[]): void {
        for (const r of records) {
            this.views.add(r.record);
            this.queue.push(r);
        }
        this.pump();
        this.onBacklog?.(this.backlog());
    }

    /** Records not yet sent to a pack. */
    backlog(): number {
        return this.queue.length - this.head + this.waiting.length;
    }

    /** How many pack processes take calls. */
    processes(): number {
        return this.packs.length;
    }

    start(pack: Pick<PackProcess, "analyze">): void {
        this.packs.push({ pack, inFlight: 0 });
        this.pump();
    }

    /** Analyzes what is left (records that waited for their provider included); every diagnostic, in slot order. */
    async finish(): Promise<Diagnostic[]> {
        this.ending = true;
        this.queue.push(...this.waiting.splice(0));
        this.pump();
        while (this.error === undefined && (this.inFlight > 0 || this.head < this.queue.length)) {
            await new Promise<void>((resolve) => (this.idle = resolve));
        }
        if (this.error !== undefined) throw this.error;
        return this.results.flatMap((d) => d ?? []);
    }

    /**
     * Sends nothing more (a run that failed before its end): resolves once every call in flight
     * has its answer, true when none of them failed, false when `withinMs` passed first.
     */
    async abandon(withinMs: number): Promise<boolean> {
        this.abandoned = true;
        let late = false;
        const timer = setTimeout(() => {
            late = true;
            const idle = this.idle;
            this.idle = undefined;
            idle?.();
        }, withinMs);
        timer.unref();
        while (!late && this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
        clearTimeout(timer);
        return !late && this.error === undefined;
    }

    private leastBusy(): PackSlot | undefined {
        let best: PackSlot | undefined;
        for (const p of this.packs) {
            if (p.inFlight < ANALYZE_WINDOW && (best === undefined || p.inFlight < best.inFlight)) best = p;
        }
        return best;
    }

    private pump(): void {
        while (!this.abandoned && this.error === undefined && this.head < this.queue.length) {
            const target = this.leastBusy();
            if (target === undefined) break;
            const next = this.queue[this.head++];
            if (!this.ending && !this.views.ready(next.record)) {
                this.waiting.push(next);
                continue;
            }
            target.inFlight++;
            this.inFlight++;
            target.pack.analyze(this.views.inputs(next.record)).then(
                (d) => {
                    this.results[next.slot] = d;
                    this.settled(target);
                },
                (e: unknown) => {
                    this.error ??= e;
                    this.settled(target);
                },
            );
        }
        if (this.head === this.queue.length && this.head > 0) {
            this.queue.length = 0;
            this.head = 0;
        }
    }

    private settled(target: PackSlot): void {
        target.inFlight--;
        this.inFlight--;
        this.pump();
        const idle = this.idle;
        this.idle = undefined;
        idle?.();
    }
}
