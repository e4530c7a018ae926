// Every resource this package offers, each declared once (defineResource). The package's entry point
// exports these; the provider host's registry is built from them.
export { FloatingIp, type FloatingIpArgs } from "./floating-ip/floating-ip";
export { Image, type ImageArgs } from "./image/image";
export { KeyPair, type KeyPairArgs } from "./keypair/keypair";
export { Network, type NetworkArgs } from "./network/network";
export { Port, type PortArgs, type PortAddressPair, type PortFixedIp } from "./port/port";
export { Router, type RouterArgs, type ExternalFixedIp } from "./router/router";
export { RouterInterface, type RouterInterfaceArgs } from "./router-interface/router-interface";
export { SecurityGroup, type SecurityGroupArgs } from "./security-group/security-group";
export { SecurityGroupRule, type SecurityGroupRuleArgs } from "./security-group-rule/security-group-rule";
export { Server, type ServerArgs, type ServerBlockDevice, type ServerNetwork } from "./server/server";
export { ServerGroup, type ServerGroupArgs } from "./server-group/server-group";
export { Subnet, type SubnetArgs, type AllocationPool, type HostRoute } from "./subnet/subnet";
export { Volume, type VolumeArgs } from "./volume/volume";
export { VolumeAttachment, type VolumeAttachmentArgs } from "./volume-attachment/volume-attachment";
