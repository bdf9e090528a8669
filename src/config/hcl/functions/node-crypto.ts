// node:crypto is loaded on the first hash, UUID, RSA or bcrypt call, not at start-up: most bake
// files never call those functions, and loading it costs several milliseconds of every run.

/** The node:crypto module, loaded (once, by Node) when first asked for. */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
