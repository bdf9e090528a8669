// BuildKit's Dockerfile build checks (frontend/dockerfile/linter/ruleset.go): each rule's name,
// description, documentation URL and the message it prints. The wording is BuildKit's, so
// `bake --check` reads like `docker buildx bake --check`.
import { goQuote } from '../../../../../strconv.js';

export interface LintRule<A extends unknown[]> {
  name: string;
  description: string;
  url: string;
  /** Experimental rules run only when `# check=experimental=<name>|all` asks for them. */
  experimental: boolean;
  format: (...args: A) => string;
}

const DOCS = 'https://docs.docker.com/go/dockerfile/rule/';

function rule<A extends unknown[]>(name: string, slug: string, description: string, format: (...args: A) => string, experimental = false): LintRule<A> {
  return { name, description, url: `${DOCS}${slug}/`, experimental, format };
}

const suggestion = (mean: string): string => (mean ? ` (did you mean ${mean}?)` : '');

export const StageNameCasing = rule('StageNameCasing', 'stage-name-casing', 'Stage names should be lowercase', (name: string) => `Stage name '${name}' should be lowercase`);

export const FromAsCasing = rule(
  'FromAsCasing',
  'from-as-casing',
  "The 'as' keyword should match the case of the 'from' keyword",
  (from: string, as: string) => `'${as}' and '${from}' keywords' casing do not match`,
);

export const NoEmptyContinuation = rule(
  'NoEmptyContinuation',
  'no-empty-continuation',
  'Empty continuation lines will become errors in a future release',
  () => 'Empty continuation line',
);

export const ConsistentInstructionCasing = rule(
  'ConsistentInstructionCasing',
  'consistent-instruction-casing',
  'All commands within the Dockerfile should use the same casing (either upper or lower)',
  (command: string, casing: string) => `Command '${command}' should match the case of the command majority (${casing})`,
);

export const DuplicateStageName = rule(
  'DuplicateStageName',
  'duplicate-stage-name',
  'Stage names should be unique',
  (name: string) => `Duplicate stage name ${goQuote(name)}, stage names should be unique`,
);

export const ReservedStageName = rule(
  'ReservedStageName',
  'reserved-stage-name',
  'Reserved words should not be used as stage names',
  (name: string) => `Stage name should not use the same name as reserved stage ${goQuote(name)}`,
);

export const JSONArgsRecommended = rule(
  'JSONArgsRecommended',
  'json-args-recommended',
  'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  (instruction: string) => `JSON arguments recommended for ${instruction} to prevent unintended behavior related to OS signals`,
);

export const MaintainerDeprecated = rule(
  'MaintainerDeprecated',
  'maintainer-deprecated',
  'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  () => 'Maintainer instruction is deprecated in favor of using label',
);

export const UndefinedArgInFrom = rule(
  'UndefinedArgInFrom',
  'undefined-arg-in-from',
  'FROM command must use declared ARGs',
  (arg: string, mean: string) => `FROM argument '${arg}' is not declared${suggestion(mean)}`,
);

export const WorkdirRelativePath = rule(
  'WorkdirRelativePath',
  'workdir-relative-path',
  'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  (workdir: string) => `Relative workdir ${goQuote(workdir)} can have unexpected results if the base image changes`,
);

export const UndefinedVar = rule(
  'UndefinedVar',
  'undefined-var',
  'Variables should be defined before their use',
  (name: string, mean: string) => `Usage of undefined variable '$${name}'${mean ? ` (did you mean $${mean}?)` : ''}`,
);

export const MultipleInstructionsDisallowed = rule(
  'MultipleInstructionsDisallowed',
  'multiple-instructions-disallowed',
  'Multiple instructions of the same type should not be used in the same stage',
  (instruction: string) => `Multiple ${instruction} instructions should not be used in the same stage because only the last one will be used`,
);

export const LegacyKeyValueFormat = rule(
  'LegacyKeyValueFormat',
  'legacy-key-value-format',
  'Legacy key/value format with whitespace separator should not be used',
  (cmd: string) => `"${cmd} key=value" should be used instead of legacy "${cmd} key value" format`,
);

export const InvalidBaseImagePlatform = rule(
  'InvalidBaseImagePlatform',
  'invalid-base-image-platform',
  'Base image platform does not match expected target platform',
  (image: string, expected: string, actual: string) => `Base image ${image} was pulled with platform ${goQuote(actual)}, expected ${goQuote(expected)} for current build`,
);

export const RedundantTargetPlatform = rule(
  'RedundantTargetPlatform',
  'redundant-target-platform',
  'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  (platform: string) => `Setting platform to predefined ${platform} in FROM is redundant as this is the default behavior`,
);

export const SecretsUsedInArgOrEnv = rule(
  'SecretsUsedInArgOrEnv',
  'secrets-used-in-arg-or-env',
  'Sensitive data should not be used in the ARG or ENV commands',
  (instruction: string, key: string) => `Do not use ARG or ENV instructions for sensitive data (${instruction} ${goQuote(key)})`,
);

export const InvalidDefaultArgInFrom = rule(
  'InvalidDefaultArgInFrom',
  'invalid-default-arg-in-from',
  'Default value for global ARG results in an empty or invalid base image name',
  (base: string) => `Default value for ARG ${base} results in empty or invalid base image name`,
);

export const FromPlatformFlagConstDisallowed = rule(
  'FromPlatformFlagConstDisallowed',
  'from-platform-flag-const-disallowed',
  'FROM --platform flag should not use a constant value',
  (platform: string) => `FROM --platform flag should not use constant value ${goQuote(platform)}`,
);

export const InvalidDefinitionDescription = rule(
  'InvalidDefinitionDescription',
  'invalid-definition-description',
  'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
  (instruction: string, name: string) => `Comment for ${instruction} should follow the format: \`# ${name} <description>\``,
  true,
);

export const ExposeProtoCasing = rule(
  'ExposeProtoCasing',
  'expose-proto-casing',
  'Protocol in EXPOSE instruction should be lowercase',
  (port: string) => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
);

export const ExposeInvalidFormat = rule(
  'ExposeInvalidFormat',
  'expose-invalid-format',
  'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
  (port: string) => `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
);
