import { describe, expect, it } from 'vitest';
import { executeTemplate } from '../../../../src/engine/registry/gotemplate/exec.js';
import { TemplateError } from '../../../../src/engine/registry/gotemplate/parse.js';
import { GoMap, GoStruct, marshalJson } from '../../../../src/engine/registry/gotemplate/value.js';

const platform = (arch: string): GoStruct =>
  new GoStruct([
    { name: 'Architecture', json: 'architecture', value: arch },
    { name: 'OS', json: 'os', value: 'linux' },
    { name: 'Variant', json: 'variant', omitEmpty: true, value: '' },
  ]);
const data = new GoStruct([
  { name: 'Name', json: 'name', omitEmpty: true, value: 'r/app:1' },
  {
    name: 'Manifest',
    json: 'manifest',
    value: new GoStruct([
      { name: 'Digest', json: 'digest', value: 'sha256:abc' },
      { name: 'Size', json: 'size', value: 12 },
      { name: 'Manifests', json: 'manifests', value: [platform('amd64'), platform('arm64')] },
    ]),
  },
  { name: 'Image', json: 'image', omitEmpty: true, value: new GoMap(new Map([['linux/b', 'B&<'], ['linux/a', 'A']])) },
]);

describe('executeTemplate', () => {
  it('prints fields, field chains and literal text', () => {
    expect(executeTemplate('{{.Name}}', data)).toBe('r/app:1');
    expect(executeTemplate('digest={{ .Manifest.Digest }} size={{.Manifest.Size}}', data)).toBe('digest=sha256:abc size=12');
  });

  it('json marshals as Go: struct order, omitempty, sorted map keys, HTML-safe escapes, two-space indent', () => {
    expect(executeTemplate('{{json .Image}}', data)).toBe('{\n  "linux/a": "A",\n  "linux/b": "B\\u0026\\u003c"\n}');
    expect(executeTemplate('{{json (index .Manifest.Manifests 1)}}', data)).toBe('{\n  "architecture": "arm64",\n  "os": "linux"\n}');
    expect(executeTemplate('{{json .Manifest.Digest}}', data)).toBe('"sha256:abc"');
    expect(marshalJson(new GoStruct([{ name: 'A', json: 'a', value: [] }]))).toBe('{\n  "a": []\n}');
  });

  it('indexes maps by key, ranges, pipes and trims', () => {
    expect(executeTemplate('{{index .Image "linux/a"}}', data)).toBe('A');
    expect(executeTemplate('{{range .Manifest.Manifests}}{{.Architecture}} {{end}}', data)).toBe('amd64 arm64 ');
    expect(executeTemplate('{{- range .Image }}\n  {{- . -}}\n{{ end }}', data)).toBe('AB&<');
    expect(executeTemplate('{{.Manifest.Digest | printf "%s!"}}', data)).toBe('sha256:abc!');
    expect(executeTemplate('{{if .Nope}}x{{else}}y{{end}}', new GoStruct([{ name: 'Nope', json: 'n', value: '' }]))).toBe('y');
    expect(executeTemplate('{{len .Manifest.Manifests}}{{/* note */}}', data)).toBe('2');
  });

  it('rejects what it does not support with a TemplateError naming it', () => {
    expect(() => executeTemplate('{{.Missing}}', data)).toThrow(new TemplateError("can't evaluate field Missing"));
    expect(() => executeTemplate('{{$x := .Name}}', data)).toThrow(/variables/);
    expect(() => executeTemplate('{{range .Image}}', data)).toThrow(/has no {{end}}/);
    expect(() => executeTemplate('{{upper .Name}}', data)).toThrow('function "upper" not defined');
    expect(() => executeTemplate('{{.Name', data)).toThrow(/unclosed action/);
  });
});
