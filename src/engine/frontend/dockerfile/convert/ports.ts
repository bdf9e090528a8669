// EXPOSE's port specs, validated as BuildKit's dockerfile2llb parsePortSpec does:
// `[ip:][hostPort:]containerPort[-end][/proto]`, proto tcp, udp or sctp in any case.
import { isIP } from 'node:net';

/** Go's strconv.ParseUint(s, 10, 16): plain decimal digits up to 65535. */
function parsePort(s: string): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

function parseRange(s: string): [number, number] | undefined {
  const parts = s.split('-');
  if (parts.length > 2) return undefined;
  const start = parsePort(parts[0]!);
  const end = parts.length === 2 ? parsePort(parts[1]!) : start;
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** ip, host port and container port, the way the reference splits on `:`. */
function splitParts(spec: string): [string, string, string] {
  const parts = spec.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

/** The `port/proto` entries one EXPOSE word exposes; throws BuildKit's message when invalid. */
export function parsePortSpec(spec: string): string[] {
  const [rawIp, hostPort, containerSpec] = splitParts(spec);
  const slash = containerSpec.indexOf('/');
  const container = slash < 0 ? containerSpec : containerSpec.slice(0, slash);
  if (container === '') throw new Error(`no port specified: ${containerSpec}<empty>`);
  const proto = slash < 0 ? 'tcp' : containerSpec.slice(slash + 1).toLowerCase() || 'tcp';
  if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new Error(`invalid proto: ${proto}`);
  const ip = /^\[.*\]$/.test(rawIp) ? rawIp.slice(1, -1) : rawIp;
  if (ip !== '' && isIP(ip) === 0) throw new Error(`invalid IP address: ${ip}`);
  const range = parseRange(container);
  if (!range) throw new Error(`invalid containerPort: ${container}`);
  const [start, end] = range;
  if (hostPort !== '') {
    const host = parseRange(hostPort);
    if (!host) throw new Error(`invalid hostPort: ${hostPort}`);
    if (end - start !== host[1] - host[0] && end !== start) {
      throw new Error(`invalid ranges specified for container and host Ports: ${container} and ${hostPort}`);
    }
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}
