// The object each dynamic resource hands to Pulumi. Pulumi serializes it (with everything its methods
// capture) into the resource's state, so its methods capture nothing but the resource kind and the
// runtime location — no client, cache, credentials or class instance — and reach the implementation
// through require at call time. All resources in one provider-host process therefore share one loaded
// runtime, one client per cloud and one token.
import type * as pulumi from "@pulumi/pulumi";
import { runtimeLocation, type RuntimeLocation } from "./location";

type Props = Record<string, unknown>;

/** What the provider host calls: the package's runtime/host module. */
export interface HostRuntime {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(
    kind: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.CheckResult>;
  diff(
    kind: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.DiffResult>;
  create(kind: string, inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
  read(kind: string, id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult>;
  update(
    kind: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.UpdateResult>;
  delete(kind: string, id: string, props: Record<string, unknown>): Promise<void>;
}

/** Serialized by value into every resource: it may use only its argument and `require`. */
function loadRuntime(where: RuntimeLocation): HostRuntime {
  const byName = `${where.packageName}/dist/runtime/host.js`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(byName) as HostRuntime;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    // only "this package is not installed here" falls back; a failure inside the runtime is real
    if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes(byName)) throw error;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`${where.distFromProgram}/runtime/host.js`) as HostRuntime;
}

export function providerObject(kind: string): pulumi.dynamic.ResourceProvider {
  const where = runtimeLocation();
  return {
    configure: (req) => loadRuntime(where).configure(req),
    check: (olds: Props, news: Props) => loadRuntime(where).check(kind, olds, news),
    diff: (id: string, olds: Props, news: Props) => loadRuntime(where).diff(kind, id, olds, news),
    create: (inputs: Props) => loadRuntime(where).create(kind, inputs),
    read: (id: string, props?: Props) => loadRuntime(where).read(kind, id, props ?? {}),
    update: (id: string, olds: Props, news: Props) => loadRuntime(where).update(kind, id, olds, news),
    delete: (id: string, props: Props) => loadRuntime(where).delete(kind, id, props),
  };
}
