// `RUN --device=NAME[,required]` (BuildKit instructions/commands_rundevice.go, stable since
// Dockerfile 1.27): a CDI device the step asks for, optional unless `required`. The value is
// CSV and is never expanded with the stage env, so it is parsed with the instruction.
import { UserError } from '../../../../errors.js';
import { parseGoBool } from '../../../../strconv.js';
import type { RunDevice } from './commands.js';
import { csvFields } from './go-syntax.js';
import { suggestion } from './suggest.js';

const DEVICE_KEYS = ['name', 'required'];

function csv(value: string): string[] {
  try {
    return csvFields(value);
  } catch (err) {
    throw new UserError(`failed to parse csv devices: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * One `--device` value. The first field that is not an option is the name, even with an `=`
 * in it (CDI names are `vendor/class=name`); `name=` sets it explicitly, once.
 */
export function parseDevice(value: string): RunDevice {
  const device: RunDevice = { name: '', required: false };
  for (const field of csv(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'required') device.required = true;
      else if (device.name === '') device.name = field;
      else throw new UserError(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    const v = field.slice(eq + 1);
    if (key === 'name') {
      if (device.name !== '') throw new UserError(`device name already set to ${device.name}`);
      device.name = v;
    } else if (key === 'required') {
      const b = parseGoBool(v);
      if (b === undefined) throw new UserError(`invalid value for ${key}: ${v}`);
      device.required = b;
    } else if (device.name === '') {
      device.name = field;
    } else {
      throw new UserError(`unexpected key '${key}' in '${field}'${suggestion(key, DEVICE_KEYS, true)}`);
    }
  }
  return device;
}
