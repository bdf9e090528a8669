// The typed command model of a Dockerfile (BuildKit `frontend/dockerfile/instructions/commands.go`).
// The parser gives lines and words; this layer gives one typed value per instruction, with its
// flags validated. Values stay UNEXPANDED: the converter expands them with the stage env through
// `ShellLex`, because what `$X` means depends on ARG/ENV state at dispatch time.
//
// Expandable fields (BuildKit `Expand` methods): ENV keys+values, LABEL keys+values, ARG keys+values,
// ADD/COPY sources, dest, chown, chmod, checksum and heredoc data when `expand` is true, EXPOSE
// ports, STOPSIGNAL, USER, VOLUME entries, WORKDIR, RUN `--mount` values (`runMounts(cmd, expander)`
// re-parses the raw `mountFlags`), FROM base name/platform (global args only).
// Never expanded by the frontend: RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK command text, COPY --from.

/** 1-based, inclusive line span of the instruction in the Dockerfile. */
export interface Location {
  startLine: number;
  endLine: number;
}

/** Expands one word with the current env; the converter builds it from `ShellLex.processWord`. */
export type SingleWordExpander = (word: string) => string;

/** `K=V` of ENV/LABEL. `noDelim` marks the legacy `ENV K V` form (for lint/warnings). */
export interface KeyValuePair {
  key: string;
  value: string;
  noDelim: boolean;
}

/** `K` or `K=V` of ARG: `value` undefined means "declared without default". */
export interface KeyValuePairOptional {
  key: string;
  value?: string;
}

/** A heredoc used as a COPY/ADD source: a file named after the delimiter. `data` is already
 *  chomped for `<<-`; `expand` is false when the delimiter was quoted. */
export interface SourceContent {
  name: string;
  data: string;
  expand: boolean;
}

/** A heredoc of a RUN (only RUN, COPY and ADD take heredocs); data already chomped for `<<-`. */
export interface ShellInlineFile {
  name: string;
  data: string;
  /** False when the delimiter was quoted (`<<'EOF'`). The frontend never expands RUN heredocs:
   *  the shell that runs them does. */
  expand: boolean;
}

interface CommandBase {
  /** The original line(s) of the instruction, as written (continuations joined). */
  original: string;
  location: Location;
}

/** The argument of RUN/CMD/ENTRYPOINT: exec form (`prependShell` false) or shell form (the one
 *  element of `cmdLine` is the whole line; the converter prepends the stage SHELL). */
export interface ShellDependantCmdLine {
  cmdLine: string[];
  files: ShellInlineFile[];
  prependShell: boolean;
}

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type CacheSharing = 'shared' | 'private' | 'locked';

/** One `RUN --mount=...` (BuildKit `instructions.Mount`). Defaults applied: type bind; readOnly
 *  true for bind/secret/ssh, false for cache/tmpfs unless ro/rw was given. */
export interface MountSpec {
  type: MountType;
  from?: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  /** tmpfs `size`, in bytes. */
  sizeLimit?: number;
  /** `id` (cache/secret/ssh). */
  cacheId?: string;
  cacheSharing?: CacheSharing;
  required: boolean;
  /** File mode (parsed as octal) for cache/secret/ssh. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** secret only: expose the secret as this env var. */
  env?: string;
}

export type NetworkMode = 'default' | 'none' | 'host';
export type SecurityMode = 'sandbox' | 'insecure';

export interface RunCommand extends CommandBase, ShellDependantCmdLine {
  name: 'run';
  /** Raw `--mount` values. Their values expand with the stage env, so, as in BuildKit, they are
   *  fully parsed at dispatch time: `runMounts(cmd, expander)` in `runmount.ts`. */
  mountFlags: string[];
  network?: NetworkMode;
  security?: SecurityMode;
  devices: RunDevice[];
}

/** A CDI device `RUN --device` asks for: the build fails without it only when required. */
export interface RunDevice {
  name: string;
  required: boolean;
}

export interface CmdCommand extends CommandBase, ShellDependantCmdLine {
  name: 'cmd';
}

export interface EntrypointCommand extends CommandBase, ShellDependantCmdLine {
  name: 'entrypoint';
}

/** Sources and destination of COPY/ADD: `sourcePaths` are words, `sourceContents` heredocs. */
export interface SourcesAndDest {
  destPath: string;
  sourcePaths: string[];
  sourceContents: SourceContent[];
}

export interface CopyCommand extends CommandBase, SourcesAndDest {
  name: 'copy';
  /** Stage name/index or image ref; literal (no expansion allowed). */
  from: string;
  chown: string;
  chmod: string;
  link: boolean;
  parents: boolean;
  excludePatterns: string[];
}

export interface AddCommand extends CommandBase, SourcesAndDest {
  name: 'add';
  chown: string;
  chmod: string;
  link: boolean;
  keepGitDir?: boolean;
  checksum: string;
  /** undefined = auto (extract local archives), true/false forces. */
  unpack?: boolean;
  excludePatterns: string[];
}

export interface EnvCommand extends CommandBase {
  name: 'env';
  env: KeyValuePair[];
}

export interface ArgCommand extends CommandBase {
  name: 'arg';
  args: KeyValuePairOptional[];
}

export interface LabelCommand extends CommandBase {
  name: 'label';
  labels: KeyValuePair[];
}

export interface ExposeCommand extends CommandBase {
  name: 'expose';
  /** Sorted as BuildKit does. */
  ports: string[];
}

export interface WorkdirCommand extends CommandBase {
  name: 'workdir';
  path: string;
}

export interface UserCommand extends CommandBase {
  name: 'user';
  user: string;
}

export interface VolumeCommand extends CommandBase {
  name: 'volume';
  volumes: string[];
}

export interface ShellCommand extends CommandBase {
  name: 'shell';
  shell: string[];
}

export interface StopSignalCommand extends CommandBase {
  name: 'stopsignal';
  signal: string;
}

/** Durations in nanoseconds, 0 = unset (inherit the default), as in the OCI image config. */
export interface HealthConfig {
  /** `["NONE"]`, `["CMD", ...args]` or `["CMD-SHELL", cmd]`. */
  test: string[];
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export interface HealthcheckCommand extends CommandBase {
  name: 'healthcheck';
  health: HealthConfig;
}

export interface OnbuildCommand extends CommandBase {
  name: 'onbuild';
  /** The trigger text without `ONBUILD ` (heredoc bodies appended), parsed again when it runs. */
  expression: string;
}

export interface MaintainerCommand extends CommandBase {
  name: 'maintainer';
  maintainer: string;
}

/** Every instruction that can appear inside a stage, discriminated by `name` (lowercase). */
export type Command =
  | RunCommand
  | CmdCommand
  | EntrypointCommand
  | CopyCommand
  | AddCommand
  | EnvCommand
  | ArgCommand
  | LabelCommand
  | ExposeCommand
  | WorkdirCommand
  | UserCommand
  | VolumeCommand
  | ShellCommand
  | StopSignalCommand
  | HealthcheckCommand
  | OnbuildCommand
  | MaintainerCommand;

/** One `FROM` and the commands up to the next one. */
export interface Stage {
  /** Lowercased `AS` name, if any. */
  name?: string;
  /** The `AS` name as written. */
  origName?: string;
  /** Unexpanded base image/stage reference (expand with global args only). */
  baseName: string;
  /** Unexpanded `--platform` value. */
  platform?: string;
  commands: Command[];
  original: string;
  location: Location;
}

/** A parse warning (empty continuation line, legacy ENV form, ...). */
export interface ParseWarning {
  line: number;
  message: string;
}

/** The result of `parseDockerfile` (in `parse.ts`). */
export interface DockerfileParseResult {
  stages: Stage[];
  /** ARGs before the first FROM (global scope, usable in FROM lines). */
  metaArgs: ArgCommand[];
  /** Parser directives found (`syntax`, `escape`, `check`), lowercase keys. */
  directives: Record<string, string>;
  escapeToken: string;
  warnings: ParseWarning[];
}
