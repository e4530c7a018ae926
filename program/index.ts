// The root Pulumi program. For now it only proves the package loads in a Pulumi program; the full
// network → router → key pair → image → server → floating IP stack comes with the resources.
import * as pulumi from "@pulumi/pulumi";
import { packageInfo } from "../provider";

export const provider = pulumi.output(packageInfo());
