// The part of a compose model buildx validates against the Compose Specification: it loads the
// files without validation, keeps each service's image, build, environment and env_file (a null
// service counts as empty, a service of any other type is dropped) and the top-level secrets,
// and validates that. These rules say what the specification allows there; everything else in
// the file is only interpolated, cast and canonicalized (see casts.ts, canonical.ts).
import { SourceError } from '../../errors.js';
import { check, mostSpecific, type JsonType, type Schema } from './json-schema.js';
import type { YMap, YNode } from './yaml-tree.js';

const NAME = /^[a-zA-Z0-9._-]+$/;
const EXTENSION: readonly [RegExp, Schema] = [/^x-/, {}];

const type = (...types: JsonType[]): Schema => ({ type: types });
const str = type('string');
const strings: Schema = { type: ['array'], items: str };

/**
 * A mapping of scalars or a list of `k=v` strings. `unique` is false where compose-go turns the
 * list into a mapping before validating (a repeated item then merges instead of failing).
 */
const listOrDict = (unique: boolean): Schema => ({
  oneOf: [
    { type: ['object'], patternProperties: [[/.+/, type('string', 'number', 'boolean', 'null')]], additionalProperties: false },
    { type: ['array'], items: str, ...(unique ? { uniqueItems: true as const } : {}) },
  ],
});

const extraHosts: Schema = {
  oneOf: [{ type: ['object'], patternProperties: [[/.+/, { oneOf: [str, strings] }]], additionalProperties: false }, strings],
};

const ulimits: Schema = {
  type: ['object'],
  patternProperties: [
    [
      /^[a-z]+$/,
      {
        oneOf: [
          type('integer', 'string'),
          {
            type: ['object'],
            properties: { hard: type('integer', 'string'), soft: type('integer', 'string') },
            required: ['soft', 'hard'],
            patternProperties: [EXTENSION],
            additionalProperties: false,
          },
        ],
      },
    ],
  ],
};

const secretRefs: Schema = {
  type: ['array'],
  items: {
    oneOf: [
      str,
      {
        type: ['object'],
        properties: { source: str, target: str, uid: str, gid: str, mode: type('number', 'string') },
        patternProperties: [EXTENSION],
        additionalProperties: false,
      },
    ],
  },
};

const build: Schema = {
  oneOf: [
    str,
    {
      type: ['object'],
      properties: {
        context: str,
        dockerfile: str,
        dockerfile_inline: str,
        entitlements: strings,
        args: listOrDict(true),
        ssh: listOrDict(false),
        labels: listOrDict(true),
        cache_from: strings,
        cache_to: strings,
        no_cache: type('boolean', 'string'),
        additional_contexts: listOrDict(false),
        network: str,
        provenance: type('string', 'boolean'),
        sbom: type('string', 'boolean'),
        pull: type('boolean', 'string'),
        target: str,
        shm_size: type('integer', 'string'),
        extra_hosts: extraHosts,
        isolation: str,
        privileged: type('boolean', 'string'),
        secrets: secretRefs,
        tags: strings,
        ulimits,
        platforms: strings,
      },
      patternProperties: [EXTENSION],
      additionalProperties: false,
    },
  ],
};

const envFile: Schema = {
  oneOf: [
    str,
    {
      type: ['array'],
      items: {
        oneOf: [
          str,
          {
            type: ['object'],
            properties: { path: str, format: str, required: type('boolean', 'string') },
            required: ['path'],
            additionalProperties: false,
          },
        ],
      },
    },
  ],
};

const service: Schema = {
  type: ['object'],
  properties: { image: str, build, environment: listOrDict(true), env_file: envFile },
};

const secret: Schema = {
  type: ['object'],
  properties: {
    name: str,
    environment: str,
    file: str,
    external: { type: ['boolean', 'string', 'object'], properties: { name: str } },
    labels: listOrDict(true),
    driver: str,
    driver_opts: { type: ['object'], patternProperties: [[/^.+$/, type('string', 'number')]] },
    template_driver: str,
  },
  patternProperties: [EXTENSION],
  additionalProperties: false,
};

const model: Schema = {
  type: ['object'],
  properties: {
    services: { type: ['object'], patternProperties: [[NAME, service]], additionalProperties: false },
    secrets: { type: ['object'], patternProperties: [[NAME, secret]], additionalProperties: false },
  },
};

const READ_KEYS = new Set(['image', 'build', 'environment', 'env_file']);

/** A service as buildx keeps it: a mapping's read keys, a null as an empty mapping, anything else dropped. */
function keptService(svc: YNode): YMap | undefined {
  if (svc.kind === 'map') return { ...svc, entries: new Map([...svc.entries].filter(([k]) => READ_KEYS.has(k))) };
  if (svc.kind === 'scalar' && svc.value === null) return { kind: 'map', entries: new Map(), range: svc.range };
  return undefined;
}

/** The model buildx validates and converts: its kept services (when `services` is a mapping) and `secrets`. */
export function filterModel(model: YMap): YMap {
  const entries: YMap['entries'] = new Map();
  const services = model.entries.get('services');
  if (services?.value.kind === 'map') {
    const kept: YMap['entries'] = new Map();
    for (const [name, e] of services.value.entries) {
      const svc = keptService(e.value);
      if (svc) kept.set(name, { key: e.key, value: svc });
    }
    entries.set('services', { key: services.key, value: { ...services.value, entries: kept } });
  }
  const secrets = model.entries.get('secrets');
  if (secrets) entries.set('secrets', secrets);
  return { ...model, entries };
}

/** Throws compose-go's schema error for a filtered model. */
export function validateModel(filtered: YMap): void {
  const best = mostSpecific(check(filtered, model));
  if (best) throw new SourceError({ summary: 'Invalid compose file', detail: best.message, range: best.range });
}
