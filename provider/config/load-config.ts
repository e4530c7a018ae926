// Merges every configuration source into the options of an OpenStackClient. Precedence, per field:
// explicit options, Pulumi config openstack:*, OS_* variables, then the clouds.yaml entry. The cloud
// entry ranks right below whoever named it (input.cloud or options.cloud, openstack:cloud, OS_CLOUD):
// naming a cloud in stack config should not let a stray OS_* variable from another cloud win.
import os from "node:os";
import type { OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import { loadCloud, type LoadedCloud } from "./clouds-yaml";
import { groupCredentials } from "./credentials";
import { readEnv } from "./env";
import { readOptions } from "./explicit-options";
import { mergeLayers, resolveDomains } from "./merge";
import { readPulumiConfig, unknownKeyWarnings } from "./pulumi-config";
import { groupScope } from "./scope";
import { isSet, type LoadConfigInput, type LoadedConfig, type Layer, type Sourced } from "./types";

const REGION_ARGUMENT = "region argument";

/** Reads, never writes or logs; the only I/O is reading clouds.yaml and secure.yaml. */
export function loadConfig(input: LoadConfigInput = {}): LoadedConfig {
  const env = input.env ?? process.env;
  const explicit = readOptions(input.options);
  const pulumi = readPulumiConfig(input.pulumiConfig);
  const fromEnv = readEnv(env);

  // Levels in precedence order; the highest named cloud joins the level that named it.
  const argument = input.cloud !== undefined && isSet(input.cloud) ? input.cloud : undefined;
  const levels: Array<{ layer: Layer; cloud?: Sourced<string> }> = [
    {
      layer: explicit.layer,
      cloud: argument ? { value: argument, source: "cloud argument" } : explicit.cloud,
    },
    { layer: pulumi.layer, cloud: pulumi.cloud },
    { layer: fromEnv.layer, cloud: fromEnv.cloud },
  ];
  const naming = levels.find((l) => l.cloud);
  const cloudName = naming?.cloud?.value;
  let cloud: LoadedCloud | undefined;
  const layers: Layer[] = [];
  for (const l of levels) {
    layers.push(l.layer);
    if (l === naming && cloudName !== undefined) {
      cloud = loadCloud(cloudName, {
        env,
        cwd: input.cwd ?? process.cwd(),
        homeDir: input.homeDir ?? os.homedir(),
        systemConfigDir: input.systemConfigDir ?? "/etc/openstack",
      });
      layers.push(cloud.layer);
    }
  }

  const grouped = groupCredentials(layers);
  const scoped = groupScope(grouped.layers);
  const merged = resolveDomains(mergeLayers(scoped.layers), scoped.layers);

  // The per-resource region wins; when the cloud lists its regions, it must be one of them. (A region
  // from a source is used as given: the catalog lookup reports a region it does not know.)
  const region = input.region;
  if (region !== undefined && isSet(region)) {
    const regions = cloud?.regions;
    if (regions && !regions.includes(region)) {
      throw new ConfigError(
        `region "${region}" is not one of cloud "${cloudName}"'s regions: ${regions.join(", ")}`,
      );
    }
    merged.region = { value: region, source: REGION_ARGUMENT };
  }

  const options: Record<string, unknown> = {};
  const sources: LoadedConfig["sources"] = {};
  for (const [key, entry] of Object.entries(merged) as Array<
    [keyof OpenStackClientOptions, Sourced<unknown>]
  >) {
    options[key] = entry.value;
    sources[key] = entry.source;
  }
  return {
    options,
    sources,
    ...(cloudName !== undefined ? { cloudName } : {}),
    files: cloud?.files ?? [],
    ignored: grouped.ignored,
    ignoredScope: scoped.ignored,
    warnings: unknownKeyWarnings(input.pulumiConfig),
  };
}
