import { expect } from "chai";
import {
  canonicalServiceType,
  sameServiceType,
  serviceTypeAliases,
  serviceTypeRank,
} from "../../../provider/catalog/service-types";

describe("service types", () => {
  it("maps every published alias to its official type", () => {
    const table: Array<[string, string]> = [
      ["volumev3", "block-storage"],
      ["volumev2", "block-storage"],
      ["volume", "block-storage"],
      ["block-store", "block-storage"],
      ["block-storage", "block-storage"],
      ["sharev2", "shared-file-system"],
      ["share", "shared-file-system"],
      ["container-infra", "container-infrastructure-management"],
      ["workflowv2", "workflow"],
      ["rax:object-cdn", "cdn"],
      ["compute", "compute"],
      ["identity", "identity"],
      ["image", "image"],
      ["network", "network"],
      ["placement", "placement"],
      ["object-store", "object-store"],
      ["load-balancer", "load-balancer"],
      ["dns", "dns"],
      ["key-manager", "key-manager"],
      ["orchestration", "orchestration"],
    ];
    for (const [alias, official] of table) expect(canonicalServiceType(alias), alias).to.equal(official);
  });

  it("treats underscores and case like the CLI does, and keeps unknown types", () => {
    expect(canonicalServiceType("block_storage")).to.equal("block-storage");
    expect(canonicalServiceType("Compute")).to.equal("compute");
    expect(canonicalServiceType("rax:dns")).to.equal("rax:dns");
  });

  it("lists aliases official type first, and ranks the exact type above the official one above aliases", () => {
    expect(serviceTypeAliases("volume")).to.deep.equal([
      "block-storage",
      "volumev3",
      "volumev2",
      "volume",
      "block-store",
    ]);
    expect(serviceTypeAliases("compute")).to.deep.equal(["compute"]);
    expect(serviceTypeRank("volumev2", "volumev2")).to.equal(0);
    expect(serviceTypeRank("block-storage", "block-storage")).to.equal(0);
    expect(serviceTypeRank("volumev3", "block-storage")).to.be.lessThan(
      serviceTypeRank("volumev2", "block-storage")!,
    );
    expect(serviceTypeRank("block-storage", "volumev2")).to.be.lessThan(
      serviceTypeRank("volumev3", "volumev2")!,
    );
    expect(serviceTypeRank("compute", "network")).to.equal(undefined);
    expect(sameServiceType("share", "sharev2")).to.equal(true);
    expect(sameServiceType("compute", "volume")).to.equal(false);
  });
});
