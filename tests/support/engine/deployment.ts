// The engine's side of the stand-in: the state, one provider host (configured with the stack config), and
// the steps of `up` / `refresh` / `destroy` for each resource through ResourceDriver, which replays the
// engine's RPC sequences against the real host.
import { ensureBuilt } from "../build";
import type { TestCloud } from "../cloud";
import {
  ResourceDriver,
  ResourceInitFailedError,
  type ProviderHost,
  type ResourceDriverOptions,
  type ResourceState,
  startProviderHost,
} from "../provider-host";
import { isSecret, PROVIDER_KEY, type PropertyMap, unwrapSecrets } from "../serialize";
import type { Registration } from "./mocks";
import type { ProgramLayout } from "./project";
import {
  deletionOrder,
  kindOf,
  providerText,
  sameValue,
  type EngineAction,
  type EngineResource,
  type StateEntry,
  engineResource,
} from "./state";

/** ResourceDriver with retainOnDelete: the engine drops such a resource from the state without Delete. */
class EngineDriver extends ResourceDriver {
  constructor(
    host: ProviderHost,
    provider: { text: string; containsSecrets: boolean },
    options: ResourceDriverOptions,
    private readonly retain: boolean,
  ) {
    super(host, provider, options);
  }

  override async destroy(name: string, state: ResourceState): Promise<void> {
    if (!this.retain) await super.destroy(name, state);
  }
}

export interface DeploymentOptions {
  layout: ProgramLayout;
  stack: string;
  cloud?: TestCloud;
  hostEnv?: Record<string, string>;
  /** Deadline of each RPC to the host; default 30 minutes (the provider's own deadlines are shorter). */
  rpcTimeoutMs?: number;
  /** Called after every change of the state (the demo writes it to disk). */
  onChange?: (entries: StateEntry[]) => void;
}

export class Deployment {
  readonly entries = new Map<string, StateEntry>();
  private host: Promise<ProviderHost> | undefined;
  private hostConfigKey: string | undefined;
  private hostConfig: Record<string, string> = {};

  constructor(private readonly opts: DeploymentOptions) {}

  /** The stack config the next operations configure the provider with (namespaced keys). */
  setStackConfig(config: Record<string, string>): void {
    this.hostConfig = { ...config };
    const cloud = this.opts.cloud;
    if (cloud && !("openstack:cloud" in this.hostConfig)) this.hostConfig["openstack:cloud"] = cloud.name;
  }

  private changed(): void {
    this.opts.onChange?.([...this.entries.values()]);
  }

  /**
   * The provider host, started in the program's directory and configured with the whole stack config,
   * as the engine configures a provider. A new stack config needs a new host: the dynamic-provider host
   * configures each provider object once (the engine starts a fresh one for every deployment anyway).
   */
  private providerHost(): Promise<ProviderHost> {
    const key = JSON.stringify(this.hostConfig);
    // registrations ask for it concurrently: one start, shared
    if (this.host && this.hostConfigKey === key) return this.host;
    const previous = this.host;
    const config = { ...this.hostConfig };
    this.hostConfigKey = key;
    const starting = (async () => {
      await previous?.then((h) => h.stop()).catch(() => undefined);
      const cloud = this.opts.cloud;
      const host = await startProviderHost({
        cwd: this.opts.layout.cwd,
        project: this.opts.layout.project,
        stack: this.opts.stack,
        env: {
          ...(cloud ? { OS_CLIENT_CONFIG_FILE: cloud.file, OS_CLOUD: "" } : {}),
          ...this.opts.hostEnv,
        },
      });
      host.rpcTimeoutMs = this.opts.rpcTimeoutMs ?? 30 * 60_000;
      try {
        await host.configure(config);
      } catch (error) {
        await host.stop();
        throw error;
      }
      return host;
    })();
    // a host that failed to start is not kept: the next operation tries again
    starting.catch(() => {
      if (this.host === starting) this.stop().catch(() => undefined);
    });
    this.host = starting;
    return starting;
  }

  async stop(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    this.hostConfigKey = undefined;
    await host?.then((h) => h.stop()).catch(() => undefined);
  }

  private async driverFor(
    entry: Pick<StateEntry, "urn" | "type" | "options" | "providerDropped">,
    text: string | undefined,
    secretProvider: boolean,
  ): Promise<EngineDriver> {
    if (text === undefined || entry.providerDropped) {
      throw new Error(`engine stand-in: ${entry.urn} has no provider text (a secret that was not saved)`);
    }
    // the host loads this package's runtime from dist/: it must be there and current
    if (text.includes('packageName: "pulumi-openstack-dynamic"')) ensureBuilt();
    const { options } = entry;
    return new EngineDriver(
      await this.providerHost(),
      { text, containsSecrets: secretProvider },
      {
        type: entry.type,
        additionalSecretOutputs: options.additionalSecretOutputs,
        // the option forces a delete-before-replace; unset, the provider's diff decides
        ...(options.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        timeouts: options.timeouts,
      },
      options.retainOnDelete,
    );
  }

  /**
   * One registration of `up`: Check/Create for a new URN, Check/Diff/Update-or-replace for a known one.
   * A create that failed after the cloud made the resource keeps it in the state, as the engine does.
   */
  async register(reg: Registration): Promise<{ action: EngineAction; state: ResourceState }> {
    const old = this.entries.get(reg.urn);
    const provider = reg.inputs[PROVIDER_KEY];
    const inputs: PropertyMap = { ...reg.inputs };
    delete inputs[PROVIDER_KEY];
    // ignoreChanges (top-level properties): the old input is kept, or the property dropped if it had none
    for (const path of reg.options.ignoreChanges) {
      if (!/^[A-Za-z_$][\w$]*$/.test(path)) {
        throw new Error(`engine stand-in: ${reg.urn}: ignoreChanges "${path}": only top-level properties`);
      }
      if (!old) continue;
      if (path in old.state.inputs) inputs[path] = old.state.inputs[path];
      else delete inputs[path];
    }
    const text = providerText(reg.inputs);
    const base = { urn: reg.urn, type: reg.type, options: reg.options };
    const driver = await this.driverFor(base, text, isSecret(provider));
    const record = (state: ResourceState, action: EngineAction) => {
      this.entries.set(reg.urn, { ...base, name: reg.name, kind: kindOf(text!, reg.type), state, action });
      this.changed();
    };
    try {
      if (!old) {
        const state = await driver.up(reg.name, inputs);
        record(state, "created");
        return { action: "created", state };
      }
      if (old.options.protect || reg.options.protect) {
        const preview = await driver.preview(reg.name, inputs, old.state);
        if (preview.action === "replace") {
          throw new Error(`engine stand-in: ${reg.urn} is protected and its changes would replace it`);
        }
      }
      const outcome = await driver.update(reg.name, old.state, inputs);
      record(outcome.state, outcome.action);
      return { action: outcome.action, state: outcome.state };
    } catch (error) {
      if (error instanceof ResourceInitFailedError) record(error.state, old ? "updated" : "created");
      throw error;
    }
  }

  /** Deletes `entries` in reverse dependency order (retainOnDelete: dropped from the state only). */
  async delete(entries: StateEntry[]): Promise<EngineResource[]> {
    const protectedOnes = entries.filter((e) => e.options.protect);
    if (protectedOnes.length > 0) {
      throw new Error(
        `engine stand-in: cannot delete protected resources: ${protectedOnes.map((e) => e.urn).join(", ")}`,
      );
    }
    const deleted: EngineResource[] = [];
    for (const entry of deletionOrder(entries)) {
      const text = providerText(entry.state.outs);
      const driver = await this.driverFor(entry, text, isSecret(entry.state.outs[PROVIDER_KEY]));
      await driver.destroy(entry.name, entry.state);
      this.entries.delete(entry.urn);
      this.changed();
      deleted.push(engineResource(entry));
    }
    return deleted;
  }

  /**
   * `pulumi refresh`: Read of every resource; the state takes what was read (inputs too, when the provider
   * returns them). Returned: the resources gone, and those whose outputs changed — what the CLI shows.
   */
  async refresh(): Promise<EngineResource[]> {
    const order = [...this.entries.keys()];
    const found: EngineResource[] = [];
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        const text = providerText(entry.state.outs);
        const driver = await this.driverFor(entry, text, isSecret(entry.state.outs[PROVIDER_KEY]));
        const read = await driver.refresh(entry.name, entry.state);
        if (!read) {
          this.entries.delete(entry.urn);
          found.push(engineResource(entry, "deleted"));
          return;
        }
        const updated: StateEntry = { ...entry, state: read };
        this.entries.set(entry.urn, updated);
        if (!sameValue(unwrapSecrets(read.outs), unwrapSecrets(entry.state.outs))) {
          found.push(engineResource(updated, "changed"));
        }
      }),
    );
    this.changed();
    return found.sort((a, b) => order.indexOf(a.urn) - order.indexOf(b.urn));
  }
}
