// cidrhost, cidrnetmask, cidrsubnet and cidrsubnets (go-cty-funcs cidr on go-cidr), for IPv4 and
// IPv6 alike; error messages follow those packages.
import type { Value } from '../value.js';
import { fn, intArg, NUMBER, p, STRING } from './define.js';
import { formatIp, formatNetwork, mask, parseCidr, type Network } from './ip.js';
import { listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

/** cidrsubnets blames its prefix argument for a bad CIDR; the other functions fail the call. */
function network(text: string, asArgument = false): Network {
  try {
    return parseCidr(text);
  } catch (err) {
    const message = `invalid CIDR expression: ${(err as Error).message}`;
    throw asArgument ? new FunctionArgError(0, message) : new FunctionCallError(message);
  }
}

function cidrhost(prefix: string, hostnum: number): string {
  const net = network(prefix);
  const max = (1n << BigInt(net.bits - net.prefix)) - 1n;
  const n = BigInt(hostnum);
  const host = n < 0n ? max + n + 1n : n;
  if (host < 0n || host > max) {
    throw new FunctionCallError(`prefix of ${net.prefix} does not accommodate a host numbered ${hostnum}`);
  }
  return formatIp(net.base | host, net.bits);
}

/** The mask as an address: dotted for IPv4, IPv6 notation for IPv6 prefixes. */
function cidrnetmask(prefix: string): string {
  const net = network(prefix);
  return formatIp(mask(net.bits, net.prefix), net.bits);
}

function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const net = network(prefix);
  if (newbits > 32) throw new FunctionCallError('may not extend prefix by more than 32 bits');
  const length = net.prefix + newbits;
  if (newbits < 0 || length > net.bits) {
    throw new FunctionCallError(`insufficient address space to extend prefix of ${net.prefix} by ${newbits}`);
  }
  if (netnum < 0 || BigInt(netnum) > (1n << BigInt(newbits)) - 1n) {
    throw new FunctionCallError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  }
  const base = net.base | (BigInt(netnum) << BigInt(net.bits - length));
  return formatNetwork({ bits: net.bits, base, prefix: length });
}

/** Consecutive subnets, each starting right after the previous one ends (go-cidr NextSubnet). */
function cidrsubnets(args: Value[]): string[] {
  const net = network(args[0] as string, true);
  const all = (1n << BigInt(net.bits)) - 1n;
  const size = (prefix: number): bigint => 1n << BigInt(net.bits - prefix);
  const end = net.base + size(net.prefix);
  let next = net.base;
  let current = '';
  const subnets = args.slice(1).map((arg, i) => {
    const extra = intArg(arg, '', i + 1);
    if (extra < 1) throw new FunctionArgError(i + 1, 'must extend prefix by at least one bit');
    if (extra > 32) throw new FunctionArgError(i + 1, 'may not extend prefix by more than 32 bits');
    const length = net.prefix + extra;
    const family = net.bits === 32 ? 'IPv4' : 'IPv6';
    if (length > net.bits) {
      throw new FunctionArgError(i + 1, `would extend prefix to ${length} bits, which is too long for an ${family} address`);
    }
    // Align up to the new prefix length, as NextSubnet does from the previous subnet's end.
    const start = ((next + size(length) - 1n) & mask(net.bits, length)) & all;
    if (start + size(length) > end || start < next) {
      const previous = current || formatNetwork({ bits: net.bits, base: ((net.base - 1n) & all) & mask(net.bits, length), prefix: length });
      throw new FunctionArgError(
        i + 1,
        `not enough remaining address space for a subnet with a prefix of ${length} bits after ${previous}`,
      );
    }
    next = start + size(length);
    current = formatNetwork({ bits: net.bits, base: start, prefix: length });
    return current;
  });
  return listOf(subnets, STRING);
}

export const cidrFunctions: Record<string, HclFunction> = {
  cidrhost: fn([p('prefix', STRING), p('hostnum', NUMBER)], (a) => cidrhost(a[0] as string, intArg(a[1]!))),
  cidrnetmask: fn([p('prefix', STRING)], (a) => cidrnetmask(a[0] as string)),
  cidrsubnet: fn([p('prefix', STRING), p('newbits', NUMBER), p('netnum', NUMBER)], (a) =>
    cidrsubnet(a[0] as string, intArg(a[1]!), intArg(a[2]!)),
  ),
  cidrsubnets: fn([p('prefix', STRING)], cidrsubnets, p('newbits', NUMBER)),
};
