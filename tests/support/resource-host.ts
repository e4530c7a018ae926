// One real provider host for a suite of resource tests, configured for the cloud under test the way a
// stack would be (openstack:cloud in the stack config, clouds.yaml through OS_CLIENT_CONFIG_FILE).
import { providerFor } from "../../provider/resources/framework/program/resource-class";
import { ensureBuilt } from "./build";
import { PROJECT_DIR, type TestCloud } from "./cloud";
import {
  type ProviderHost,
  ResourceDriver,
  type ResourceDriverOptions,
  serializeProvider,
  startProviderHost,
} from "./provider-host";

export interface ResourceHost {
  host: ProviderHost;
  driver(kind: string, options?: ResourceDriverOptions): Promise<ResourceDriver>;
  stop(): Promise<void>;
}

export async function startResourceHost(cloud: TestCloud, cwd: string = PROJECT_DIR): Promise<ResourceHost> {
  ensureBuilt();
  const host = await startProviderHost({ cwd, env: { OS_CLIENT_CONFIG_FILE: cloud.file, OS_CLOUD: "" } });
  await host.configure({ "openstack:cloud": cloud.name });
  return {
    host,
    async driver(kind, options) {
      return new ResourceDriver(host, await serializeProvider(providerFor(kind)), options);
    },
    stop: () => host.stop(),
  };
}
