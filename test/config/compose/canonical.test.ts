// compose-go puts every file in canonical form, whatever buildx validates afterwards: shapes it
// cannot expand fail anywhere in the file, with its messages.
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';

const load = (data: string) => parseCompose([{ name: 'c.yaml', data }], {});
const web = (more: string) => `services:\n  web:\n    image: nginx\n${more}`;

describe('canonical form', () => {
  it.each([
    [web('    ports: 80\n'), 'c.yaml:4,12-14: Invalid compose file; services.web.ports: invalid type int for port'],
    [web('    ports: ["80", true]\n'), 'services.web.ports: invalid type bool for port'],
    [web('    ports: [1.5]\n'), 'services.web.ports: invalid type float64 for port'],
    [web('    volumes: [5]\n'), 'services.web.volumes.[]: invalid type int for service volume mount'],
    [web('    volumes: [[a]]\n'), 'services.web.volumes.[]: invalid type []interface {} for service volume mount'],
    [web('    depends_on: db\n'), 'services.web.depends_on: invalid type string for depend_on'],
    [web('    depends_on: {db: 1}\n'), 'services.web.depends_on.db: unsupported value map[db:%!s(int=1)]'],
    [web('    env_file: {path: a}\n'), 'services.web.env_file: invalid type map[string]interface {} for env_file'],
    [web('    secrets: [5]\n'), 'services.web.secrets.[]: unsupported type int'],
    [web('    ulimits: {nofile: 1.5}\n'), 'services.web.ulimits.nofile: invalid type float64 for ulimits'],
    ['services:\n  app:\n    build: 5\n', 'services.app.build: invalid type int for build'],
    ['services:\n  app:\n    build:\n      ulimits: {nproc: "65535"}\n', 'services.app.build.ulimits.nproc: invalid type string for ulimits'],
    ['services:\n  app:\n    build:\n      ssh: [mykey]\n', 'invalid ssh key "mykey"'],
    ['services:\n  app:\n    build:\n      ssh: [1]\n', 'invalid ssh key type int'],
    ['services:\n  app:\n    build:\n      ssh: abc\n', 'services.app.build.ssh: invalid type string for ssh'],
    ['services:\n  app:\n    build:\n      additional_contexts: [base]\n', 'services.app.build.additional_contexts: invalid value base, expected key=value'],
    ['services:\n  app:\n    build:\n      additional_contexts: x\n', 'services.app.build.additional_contexts: invalid type string'],
  ])('refuses %j', (src, want) => {
    expect(() => load(src)).toThrow(want);
  });

  it('accepts every shape compose-go expands', () => {
    const src = `secrets:
  s: {file: x}
services:
  web:
    image: nginx
    ports: ["8080:80", 9000, {target: 80}]
    volumes: ["./a:/a", {type: bind, source: ., target: /b}]
    depends_on: [db]
    secrets: [s, {source: s}]
    ulimits: {nproc: 5, nofile: {soft: 1, hard: 2}}
    env_file: [a.env, {path: b.env}]
  db:
    image: pg
    depends_on: {web: {condition: service_started}}
    env_file: b.env
  app:
    build:
      ssh: [default, "k=/key"]
      additional_contexts: ["base=docker-image://alpine"]
      ulimits: {nproc: 5}
`;
    expect(load(src).targets.map((t) => t.name)).toEqual(['app']);
  });
});
