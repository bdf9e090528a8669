import { describe, expect, it } from 'vitest';
import { parsePortSpec } from '../../../../../src/engine/frontend/dockerfile/convert/ports.js';

describe('EXPOSE port specs', () => {
  it('expands ranges and lower-cases the protocol', () => {
    expect(parsePortSpec('8000-8002/UDP')).toEqual(['8000/udp', '8001/udp', '8002/udp']);
    expect(parsePortSpec('80/')).toEqual(['80/tcp']);
    expect(parsePortSpec('132/sctp')).toEqual(['132/sctp']);
    expect(parsePortSpec('[::1]:8080:80')).toEqual(['80/tcp']);
  });

  it('rejects what BuildKit rejects, with its words', () => {
    expect(() => parsePortSpec('80/xyz')).toThrow('invalid proto: xyz');
    expect(() => parsePortSpec('80/tcp/x')).toThrow('invalid proto: tcp/x');
    expect(() => parsePortSpec('/tcp')).toThrow('no port specified: /tcp<empty>');
    expect(() => parsePortSpec('abc')).toThrow('invalid containerPort: abc');
    expect(() => parsePortSpec('70000')).toThrow('invalid containerPort: 70000');
    expect(() => parsePortSpec('nothost:80:80')).toThrow('invalid IP address: nothost');
    expect(() => parsePortSpec('x:80')).toThrow('invalid hostPort: x');
    expect(() => parsePortSpec('8000-8001:80-82')).toThrow('invalid ranges specified for container and host Ports: 80-82 and 8000-8001');
  });
});
