import { createHash } from "node:crypto";
import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { requestBody } from "../../../provider/resources/framework/host/mapping";
import { type ResourceSchema, UNKNOWN } from "../../../provider/resources/framework/schema/schema";

const sha = (v: unknown) => `sha256:${createHash("sha256").update(String(v)).digest("hex")}`;

const schema: ResourceSchema = {
  name: "test:Thing",
  uniqueName: "name",
  properties: {
    name: { type: "string", change: "update", required: true, description: "the name" },
    size: {
      type: "integer",
      change: "replace",
      description: "size",
      validate: (v) => ((v as number) > 0 ? undefined : "size must be positive"),
    },
    mode: { type: "string", change: "update", oneOf: ["fast", "slow"], default: "fast", description: "mode" },
    tags: {
      type: "stringList",
      change: "update",
      description: "tags",
      normalize: (v) => [...new Set(v as string[])].sort(),
    },
    zone: { type: "string", change: "replace", computedWhenAbsent: true, description: "zone" },
    key: { type: "string", change: "replace", description: "key", normalize: (v) => (v as string).trim() },
    secretData: { type: "string", change: "replace", secret: true, stateForm: sha, description: "data" },
    status: { type: "string", change: "output", description: "status" },
  },
  rules: [
    (i) =>
      i.size === 13 && i.mode === "fast" ? [{ property: "size", reason: "13 is unlucky when fast" }] : [],
  ],
};

describe("resource framework: check", () => {
  it("applies defaults and normalisation and keeps __provider", () => {
    const r = checkInputs(schema, { __provider: "text", name: "a", tags: ["b", "a", "b"], key: "  k  " });
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs).to.deep.equal({
      __provider: "text",
      name: "a",
      mode: "fast",
      tags: ["a", "b"],
      key: "k",
    });
  });

  it("names the property and what is valid", () => {
    const r = checkInputs(schema, { size: 0, mode: "medium", tags: "x", status: "ACTIVE", colour: "red" });
    const reasons = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
    expect(reasons.name).to.equal("name is required: the name");
    expect(reasons.size).to.equal("size must be positive");
    expect(reasons.mode).to.equal('mode "medium" is not valid: use one of fast, slow');
    expect(reasons.tags).to.equal('tags must be a list of strings, got "x"');
    expect(reasons.status).to.equal("status is an output of test:Thing and cannot be set");
    expect(reasons.colour).to.match(/^test:Thing has no property colour; valid properties: name, size, mode/);
  });

  it("lets unknown values through without validating them", () => {
    const r = checkInputs(schema, { name: UNKNOWN, size: UNKNOWN, mode: UNKNOWN, tags: ["a", UNKNOWN] });
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs.size).to.equal(UNKNOWN);
  });

  it("runs cross-property rules only on otherwise valid inputs", () => {
    expect(checkInputs(schema, { name: "a", size: 13 }).failures).to.deep.equal([
      { property: "size", reason: "13 is unlucky when fast" },
    ]);
    expect(checkInputs(schema, { name: "a", size: 13, mode: "slow" }).failures).to.deep.equal([]);
  });
});

describe("resource framework: diff", () => {
  const state = {
    name: "a",
    size: 1,
    mode: "fast",
    tags: ["x"],
    zone: "nova",
    key: "k",
    secretData: sha("hello"),
    status: "ACTIVE",
  };
  const inputs = { name: "a", size: 1, mode: "fast", tags: ["x"], key: "k", secretData: "hello" };

  it("finds no change when state matches, with computed-when-absent and hashed secrets", () => {
    const d = diffState(schema, state, inputs);
    expect(d).to.deep.include({ changes: false, replaces: [], updates: [] });
  });

  it("separates in-place updates from replacements", () => {
    const d = diffState(schema, state, { ...inputs, name: "b", tags: ["x", "y"], size: 2 });
    expect(d.updates).to.deep.equal(["name", "tags"]);
    expect(d.replaces).to.deep.equal(["size"]);
    expect(d.deleteBeforeReplace).to.equal(false, "the unique name changes: no clash");
  });

  it("deletes before replacing when the unique name stays", () => {
    const d = diffState(schema, state, { ...inputs, key: "other" });
    expect(d).to.deep.include({ changes: true, replaces: ["key"], deleteBeforeReplace: true });
  });

  it("compares secrets in their state form", () => {
    expect(diffState(schema, state, { ...inputs, secretData: "changed" }).replaces).to.deep.equal([
      "secretData",
    ]);
  });

  it("treats unknowns as changes and a removed optional value as a change", () => {
    expect(diffState(schema, state, { ...inputs, name: UNKNOWN }).updates).to.deep.equal(["name"]);
    expect(diffState(schema, state, { ...inputs, tags: undefined }).updates).to.deep.equal(["tags"]);
    expect(diffState(schema, { ...state, tags: [] }, { ...inputs, tags: undefined }).changes).to.equal(false);
  });

  it("compares an absent input with a default against the default", () => {
    expect(
      diffState(schema, { ...state, mode: "slow" }, { ...inputs, mode: undefined }).updates,
    ).to.deep.equal(["mode"]);
  });
});

describe("resource framework: request bodies", () => {
  const bodySchema: ResourceSchema = {
    name: "test:Body",
    properties: {
      name: { type: "string", change: "update", field: "name", description: "name" },
      description: { type: "string", change: "update", field: "description", description: "text" },
      enabled: {
        type: "boolean",
        change: "update",
        field: "admin_state_up",
        default: true,
        description: "on",
      },
      servers: { type: "stringList", change: "update", field: "dns_nameservers", description: "dns" },
      tags: { type: "stringList", change: "update", field: false, description: "tags" },
      status: { type: "string", change: "output", field: "status", description: "status" },
    },
  };

  it("leaves absent inputs out of a create, so the cloud's defaults apply", () => {
    expect(requestBody(bodySchema, { name: "a", tags: ["x"], status: "ACTIVE" })).to.deep.equal({
      name: "a",
    });
  });

  it("clears removed inputs in an update with their default or empty value", () => {
    expect(requestBody(bodySchema, { name: "a" }, ["description", "enabled", "servers"])).to.deep.equal({
      description: "",
      admin_state_up: true,
      dns_nameservers: [],
    });
  });
});
