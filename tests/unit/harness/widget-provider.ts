// A tiny dynamic provider for the harness tests: "widgets" are JSON files in the directory given by the
// `dir` input, and every operation appends a line to <dir>/journal.log, so a test can see what the host
// did. It uses only node built-ins and values captured by value: the serialized closure holds
// require("fs"), require("path"), the helper functions below and the constants, nothing else.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../support/provider-host";

// Imported bindings are properties of the importing module's record (`import_x.UNKNOWN` after
// transpiling), which the closure serializer would capture whole; local copies are captured as strings.
const UNKNOWN_VALUE: string = UNKNOWN;
const SECRET_KEY: string = SIG_KEY;
const SECRET_VALUE: string = SECRET_SIG;

type Props = Record<string, unknown>;

export interface WidgetProvider extends pulumi.dynamic.ResourceProvider<Props, Props> {
  /** Set by configure in the host's copy of the object. */
  configured?: { token: string | undefined; region: string | undefined; calls: number };
}

function journal(dir: string, line: string): void {
  appendFileSync(join(dir, "journal.log"), `${line}\n`);
}

function nextId(dir: string, name: string): string {
  const file = join(dir, "counter");
  const n = existsSync(file) ? Number(readFileSync(file, "utf8")) + 1 : 1;
  writeFileSync(file, String(n));
  return `w-${name}-${n}`;
}

function widgetFile(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/**
 * The host builds a google.protobuf.Struct from what the provider returns, and Struct.fromJavaScript
 * throws on `undefined` ("Unexpected struct type."): outputs must leave such keys out.
 */
function compact(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

function asString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export const widgetProvider: WidgetProvider = {
  async configure(req) {
    // "widgets:apiToken" is namespaced; "region" is not, so the host prefixes PULUMI_NODEJS_PROJECT.
    this.configured = {
      token: req.config.get("widgets:apiToken"),
      region: req.config.get("region"),
      calls: (this.configured?.calls ?? 0) + 1,
    };
    return Promise.resolve();
  },

  async check(olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (typeof news.name !== "string" || news.name === "") {
      failures.push({ property: "name", reason: "name is required" });
    }
    const size = news.size;
    // During a preview an input can be the unknown sentinel; it must not be validated as a value.
    if (size !== UNKNOWN_VALUE && (typeof size !== "number" || size < 1)) {
      failures.push({ property: "size", reason: `size must be a number >= 1, got ${asString(size)}` });
    }
    const inputs: Props = { ...news, color: news.color ?? olds.color ?? "grey" };
    if (size === UNKNOWN_VALUE) inputs.sizeWasUnknown = true;
    return Promise.resolve({ inputs, failures });
  },

  async diff(_id, olds, news) {
    const changed = ["name", "size", "color", "exclusive"].filter(
      (k) => asString(olds[k]) !== asString(news[k]),
    );
    return Promise.resolve({
      changes: changed.length > 0,
      replaces: changed.filter((k) => k === "name"),
      stables: ["serial"],
      deleteBeforeReplace: news.exclusive === true,
    });
  },

  async create(inputs) {
    const dir = String(inputs.dir);
    mkdirSync(dir, { recursive: true });
    if (inputs.fail === "plain") throw new Error(`quota exceeded for ${asString(inputs.name)}`);
    const id = nextId(dir, String(inputs.name));
    const widget = compact({ name: inputs.name, size: inputs.size, color: inputs.color, status: "ACTIVE" });
    if (inputs.fail === "init" || inputs.fail === "init-undefined") {
      writeFileSync(widgetFile(dir, id), JSON.stringify({ ...widget, status: "ERROR" }));
      journal(dir, `create-failed ${id}`);
      const properties = { ...widget, status: "ERROR", fault: undefined as string | undefined };
      throw Object.assign(new Error(`widget ${id} went to ERROR`), {
        id,
        properties: inputs.fail === "init" ? compact(properties) : properties,
        reasons: ["fault: no valid host", "retry later"],
      });
    }
    writeFileSync(widgetFile(dir, id), JSON.stringify(widget));
    journal(dir, `create ${id}`);
    const outs: Props = compact({
      ...widget,
      dir,
      serial: `SN-${id}`,
      password: inputs.password,
      // What the provider was given: the engine strips secret wrappers before sending (acceptSecrets=false).
      passwordType: inputs.password === undefined ? undefined : typeof inputs.password,
      token: this.configured?.token,
      region: this.configured?.region,
      configureCalls: this.configured?.calls,
      argumentCount: arguments.length,
    });
    // A provider may return a value already in the engine's secret wire form; the host passes it on.
    if (inputs.wrapApiKey === true) outs.apiKey = { [SECRET_KEY]: SECRET_VALUE, value: `key-${id}` };
    if (inputs.undefinedOutput === true) outs.nothing = undefined;
    return Promise.resolve({ id, outs });
  },

  async read(id, props) {
    const dir = String(props?.dir);
    const file = widgetFile(dir, id);
    journal(dir, `read ${id}`);
    // Gone: no id. The engine then removes the resource from the state.
    if (!existsSync(file)) return {};
    const widget = JSON.parse(readFileSync(file, "utf8")) as Props;
    return Promise.resolve({
      id,
      props: { ...props, ...widget },
      inputs: compact({ name: widget.name, size: widget.size, color: widget.color, dir }),
    });
  },

  async update(id, olds, news) {
    const dir = String(news.dir);
    if (news.fail === "init-update") {
      throw Object.assign(new Error(`resize of ${id} failed`), {
        id,
        properties: { ...olds, status: "ERROR" },
        reasons: ["resize rejected"],
      });
    }
    const widget = compact({ name: news.name, size: news.size, color: news.color, status: "ACTIVE" });
    writeFileSync(widgetFile(dir, id), JSON.stringify(widget));
    journal(dir, `update ${id}`);
    return Promise.resolve({ outs: { ...olds, ...widget } });
  },

  async delete(id, props) {
    const dir = String(props.dir);
    rmSync(widgetFile(dir, id), { force: true });
    journal(dir, `delete ${id}`);
    return Promise.resolve();
  },
};

/** The journal lines written by the provider in the host. */
export function readJournal(dir: string): string[] {
  const file = join(dir, "journal.log");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

export function widgetExists(dir: string, id: string): boolean {
  return existsSync(widgetFile(dir, id));
}
