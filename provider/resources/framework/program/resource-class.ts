// Shared by the resource classes users instantiate: the provider object per kind (created once, so
// Pulumi serializes it once per kind), secret inputs and outputs, and the output properties.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { CREATION_TOKEN_INPUT } from "../schema/common";
import { providerObject } from "./provider-object";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * One provider object per kind and program directory: Pulumi serializes each object once, and the
 * object records where the runtime is relative to the program (tests run several programs per process).
 */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  const key = `${kind}\0${process.cwd()}`;
  let provider = providers.get(key);
  if (!provider) {
    provider = providerObject(kind);
    providers.set(key, provider);
  }
  return provider;
}

/** Common inputs every resource takes besides its own. */
export interface CommonArgs {
  /** Region the resource lives in; default: the configured region. Changing it replaces the resource. */
  region?: pulumi.Input<string>;
  /** clouds.yaml entry to use for this resource; default: openstack:cloud or OS_CLOUD. */
  cloud?: pulumi.Input<string>;
  /**
   * Id of an existing resource to manage instead of creating one (dynamic providers cannot
   * `pulumi import`). It is read and brought to the declared state; destroy deletes it, unless the
   * resource has `retainOnDelete: true`.
   */
  adoptId?: pulumi.Input<string>;
  /** Deadlines, e.g. { create: "20m", update: "10m", delete: "5m" }; customTimeouts do not reach dynamic providers. */
  timeouts?: pulumi.Input<{ create?: string | number; update?: string | number; delete?: string | number }>;
}

/**
 * The base of every resource class. Its type token is `pulumi-nodejs:dynamic/openstack:<Kind>`, so
 * previews say what each resource is and a Server and a Subnet may share a name (with the plain
 * dynamic.Resource type their URNs would collide).
 */
export abstract class OpenStackResource extends pulumi.dynamic.Resource {
  constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const withToken = { ...props, [CREATION_TOKEN_INPUT]: creationToken(kind, name, opts?.parent) };
    super(providerFor(kind), name, withToken, opts, "openstack", kind);
  }
}

/**
 * The same for every run of this resource in this stack, and for nothing else: what the provider tags
 * each created object with, so a run that was interrupted mid-create leaves an object the next run
 * finds and adopts. The parent's type is in it as it is in the URN (names repeat across parents).
 */
function creationToken(kind: string, name: string, parent: pulumi.Resource | undefined): string {
  const parentType = (parent as { __pulumiType?: string } | undefined)?.__pulumiType ?? "";
  const identity = [pulumi.getProject(), pulumi.getStack(), parentType, kind, name].join("\0");
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}
