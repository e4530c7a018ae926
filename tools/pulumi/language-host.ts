// pulumi-language-nodejs: the Node.js language host the Pulumi CLI starts to run a program.
//
// The CLI built by `npm run tools:pulumi` is the real engine (Go, from Go modules). Its Node.js language
// host is a Go module the module proxy does not serve (the Pulumi repository tags pkg/ and sdk/ only), so
// this is a small one of our own: a gRPC LanguageRuntime server whose Run starts `node` on the program's
// own @pulumi/pulumi/cmd/run with the engine's arguments, as Pulumi's host does. What it leaves out
// (dependency installation, code generation, packing, debugging) is answered UNIMPLEMENTED, which the
// engine accepts for every call `preview`, `up`, `refresh` and `destroy` make.
//
// Started by the CLI as `pulumi-language-nodejs [-flags] <engine address>`; prints its port on stdout.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as lang from "@pulumi/pulumi/proto/language_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";

/** cmd/run exits with this after it has shown the user an actionable message: the engine says no more. */
const EXIT_AFTER_USER_MESSAGE = 32;

const SDK_VERSION = (
  JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }
).version;

interface NodeOptions {
  typescript: boolean;
  tsconfig?: string;
  nodeargs: string[];
}

/** Pulumi.yaml's `runtime.options`, with the same defaults and type errors as Pulumi's own host. */
export function parseOptions(options: Record<string, unknown>): NodeOptions {
  const { typescript = true, tsconfig, nodeargs = "" } = options;
  if (typeof typescript !== "boolean") throw new Error("typescript option must be a boolean");
  if (tsconfig !== undefined && typeof tsconfig !== "string")
    throw new Error("tsconfig option must be a string");
  if (typeof nodeargs !== "string") throw new Error("nodeargs option must be a string");
  return { typescript, tsconfig, nodeargs: nodeargs.split(/\s+/).filter(Boolean) };
}

/** The arguments of @pulumi/pulumi/cmd/run for one RunRequest (the flags Pulumi's host passes). */
export function runArguments(req: lang.RunRequest, runPath: string, engineAddress: string): string[] {
  const info = req.getInfo();
  const args = [runPath];
  const flag = (name: string, value: string | undefined) => {
    if (value) args.push(`--${name}`, value);
  };
  flag("monitor", req.getMonitorAddress());
  flag("engine", engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", info?.getRootDirectory());
  flag("stack", req.getStack());
  flag("pwd", info?.getProgramDirectory() || req.getPwd());
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", String(req.getParallel()));
  args.push(info?.getEntryPoint() || req.getProgram() || ".", ...req.getArgsList());
  return args;
}

/** PULUMI_CONFIG as cmd/run reads it: keys in the `<namespace>:config:<name>` form. */
export function configJson(config: Map<string, string> | Array<[string, string]>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of config) {
    const colon = key.indexOf(":");
    out[colon < 0 ? key : `${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
  }
  return JSON.stringify(out);
}

/** Packages under node_modules that declare a resource plugin (`"pulumi": { "resource": true }`). */
function requiredPackages(programDir: string): plugin.PackageDependency[] {
  const found: plugin.PackageDependency[] = [];
  const modules = join(programDir, "node_modules");
  let names: string[];
  try {
    names = readdirSync(modules).flatMap((entry) =>
      entry.startsWith("@") ? readdirSync(join(modules, entry)).map((sub) => `${entry}/${sub}`) : [entry],
    );
  } catch {
    return found;
  }
  for (const name of names) {
    try {
      const pkg = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
        pulumi?: { resource?: boolean; name?: string; version?: string };
      };
      if (!pkg.pulumi?.resource || !pkg.name) continue;
      const dep = new plugin.PackageDependency();
      dep.setKind("resource");
      dep.setName(pkg.pulumi.name ?? pkg.name.replace(/^@pulumi\//, "").replace(/^@/, ""));
      dep.setVersion(`v${(pkg.pulumi.version ?? pkg.version ?? "").replace(/^v/, "")}`);
      found.push(dep);
    } catch {
      // not a package, or no package.json: nothing to report
    }
  }
  return found;
}

class LanguageHost {
  private readonly running = new Set<ChildProcess>();

  constructor(private engineAddress: string) {}

  handshake(req: lang.LanguageHandshakeRequest): lang.LanguageHandshakeResponse {
    this.engineAddress = req.getEngineAddress() || this.engineAddress;
    return new lang.LanguageHandshakeResponse();
  }

  getRequiredPackages(req: lang.GetRequiredPackagesRequest): lang.GetRequiredPackagesResponse {
    const res = new lang.GetRequiredPackagesResponse();
    res.setPackagesList(requiredPackages(req.getInfo()?.getProgramDirectory() ?? process.cwd()));
    return res;
  }

  getRequiredPlugins(req: lang.GetRequiredPluginsRequest): lang.GetRequiredPluginsResponse {
    const res = new lang.GetRequiredPluginsResponse();
    const dir = req.getInfo()?.getProgramDirectory() || req.getProgram() || process.cwd();
    res.setPluginsList(
      requiredPackages(dir).map((p) => {
        const dep = new plugin.PluginDependency();
        dep.setKind(p.getKind());
        dep.setName(p.getName());
        dep.setVersion(p.getVersion());
        return dep;
      }),
    );
    return res;
  }

  async run(req: lang.RunRequest): Promise<lang.RunResponse> {
    const res = new lang.RunResponse();
    const programDir = req.getInfo()?.getProgramDirectory() || req.getPwd() || process.cwd();
    let options: NodeOptions;
    let runPath: string;
    try {
      options = parseOptions(req.getInfo()?.getOptions()?.toJavaScript() ?? {});
      runPath = createRequire(join(programDir, "index.js")).resolve("@pulumi/pulumi/cmd/run");
    } catch (error) {
      const message =
        (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND"
          ? `It looks like the Pulumi SDK has not been installed in ${programDir}. Have you run npm install?`
          : (error as Error).message;
      return res.setError(message);
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_CONFIG: configJson(req.getConfigMap().toArray()),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
    };
    if (options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

    const child = spawn(
      process.execPath,
      [...options.nodeargs, ...runArguments(req, runPath, this.engineAddress)],
      {
        cwd: programDir,
        env,
        // the program's output goes where ours goes: the engine shows it
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    this.running.add(child);
    const code = await new Promise<number | string>((resolve) => {
      child.on("error", (error) => resolve(error.message));
      child.on("exit", (status, signal) => resolve(status ?? `signal ${signal}`));
    });
    this.running.delete(child);
    if (code === 0) return res;
    if (code === EXIT_AFTER_USER_MESSAGE) return res.setBail(true);
    return res.setError(
      typeof code === "number"
        ? `Program exited with non-zero exit code: ${code}`
        : `Problem executing program (could not run language executor): ${code}`,
    );
  }

  getPluginInfo(): plugin.PluginInfo {
    return new plugin.PluginInfo().setVersion(SDK_VERSION);
  }

  cancel(): Empty {
    for (const child of this.running) child.kill("SIGINT");
    return new Empty();
  }
}

type Unary<Req, Res> = (req: Req) => Res | Promise<Res>;

/** A grpc-js unary handler around a method; a thrown error becomes an INTERNAL status with its message. */
function unary<Req, Res>(method: Unary<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => method(call.request))
      .then(
        (res) => callback(null, res),
        (error: Error) => callback({ code: grpc.status.INTERNAL, details: error.message }),
      );
  };
}

function main(argv: string[]): void {
  // Go-style flags (-tracing=…, -runtime=…) are accepted and ignored; the one positional is the engine.
  const engineAddress = argv.find((arg) => !arg.startsWith("-")) ?? "";
  const host = new LanguageHost(engineAddress);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  // Methods not given here answer UNIMPLEMENTED (grpc-js's default), as the engine expects of a host
  // that does not install dependencies, generate code or pack.
  server.addService(langrpc.LanguageRuntimeService, {
    handshake: unary((req: lang.LanguageHandshakeRequest) => host.handshake(req)),
    getRequiredPackages: unary((req: lang.GetRequiredPackagesRequest) => host.getRequiredPackages(req)),
    getRequiredPlugins: unary((req: lang.GetRequiredPluginsRequest) => host.getRequiredPlugins(req)),
    run: unary((req: lang.RunRequest) => host.run(req)),
    getPluginInfo: unary(() => host.getPluginInfo()),
    cancel: unary(() => host.cancel()),
  } as Partial<langrpc.ILanguageRuntimeServer> as langrpc.ILanguageRuntimeServer);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(`could not start the language host: ${error.message}`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  // The engine may be killed without closing us: exit when our parent is gone, as Pulumi's host does
  // through its health check of the engine.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      host.cancel();
      process.exit(0);
    }
  }, 1000).unref();
}

if (require.main === module) main(process.argv.slice(2));
