import { describe, expect, it } from 'vitest';
import { listDefinition, parseListRequest, tabulate } from '../../src/bake/list.js';
import { config, group, raw } from './helpers.js';

describe('--list', () => {
  const c = config([raw('app', { description: 'The app' }), raw('_hidden', {}), raw('worker', {})], [group('default', ['worker', 'app'], 'All')]);

  it('parses plain and CSV forms', () => {
    expect(parseListRequest('variables')).toEqual({ type: 'variables', format: 'table' });
    expect(parseListRequest('type=targets,format=json')).toEqual({ type: 'targets', format: 'json' });
    expect(() => parseListRequest('bogus')).toThrow('invalid list type "bogus"');
    expect(() => parseListRequest('type=targets,format=xml')).toThrow('invalid list format "xml"');
    expect(() => parseListRequest('type=targets,sort=x')).toThrow("unexpected key 'sort' in 'sort=x'");
    expect(parseListRequest('TYPE=variables')).toEqual({ type: 'variables', format: 'table' });
  });

  it('aligns columns with tabs like Go tabwriter', () => {
    expect(tabulate([['TARGET', 'DESCRIPTION'], ['a-long-target-name', 'x']])).toBe('TARGET\t\t\tDESCRIPTION\na-long-target-name\tx\n');
  });

  it('lists targets and groups sorted, hiding _ names, with group members', () => {
    expect(listDefinition({ type: 'targets', format: 'table' }, c, [])).toBe('TARGET\tDESCRIPTION\napp\tThe app\ndefault\tAll (app, worker)\nworker\t\n');
    expect(JSON.parse(listDefinition({ type: 'targets', format: 'json' }, c, []))).toEqual([
      { name: 'app', description: 'The app' },
      { name: 'default', description: 'All (app, worker)', group: true },
      { name: 'worker' },
    ]);
  });

  it('omits the TYPE column when no variable is typed, and prints null for no targets', () => {
    expect(listDefinition({ type: 'variables', format: 'table' }, c, [{ name: 'A', value: 1.5 }])).toBe('VARIABLE\tVALUE\tDESCRIPTION\nA\t\t1.5\t\n');
    expect(listDefinition({ type: 'targets', format: 'json' }, config([]), [])).toBe('null\n');
  });

  it('lists variables with type, value and description', () => {
    const vars = [
      { name: 'TAG', value: 'latest', description: 'tag' },
      { name: 'LIST', type: 'list(string)', value: ['a'] },
      { name: 'NONE', value: null },
    ];
    const table = listDefinition({ type: 'variables', format: 'table' }, c, vars);
    expect(table.split('\n')[1]).toBe('LIST\t\tlist(string)\t["a"]\t');
    expect(table).toContain('NONE\t\t\t\t<null>\t\n');
    expect(JSON.parse(listDefinition({ type: 'variables', format: 'json' }, c, vars))[2]).toEqual({ name: 'TAG', value: 'latest', description: 'tag' });
  });
});
