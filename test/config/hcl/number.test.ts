import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  divide,
  formatNumber,
  fromBigInt,
  fromFloat64,
  modulo,
  multiply,
  numbersEqual,
  parseNumber,
  subtract,
  toFloat64,
  type Num,
} from '../../../src/config/hcl/number.js';

// Operands: a decimal literal (parsed at 512 bits, as HCL does), `f64:x` (a float64 as
// cty.NumberFloatVal holds it) or `int:n` (a big integer). The expected text is what Go's
// math/big printed for the same operation with cty's precision rules (Go 1.19, Text('f', -1)).
function operand(text: string): Num {
  if (text.startsWith('f64:')) return fromFloat64(Number(text.slice(4)));
  if (text.startsWith('int:')) return fromBigInt(BigInt(text.slice(4)));
  return parseNumber(text)!;
}

const OPS: Record<string, (a: Num, b: Num) => Num> = { add, sub: subtract, mul: multiply, quo: divide, mod: modulo };

describe('cty numbers', () => {
  const cases: [string, string, string, string][] = [
    ['quo', '1', '3', `0.${'3'.repeat(154)}5`],
    ['add', '0.1', '0.2', '0.3'],
    ['add', 'f64:0.1', '0', '0.1000000000000000055511151231257827021181583404541015625'],
    ['mul', 'f64:1.4142135623730951', 'f64:1.4142135623730951', '2.00000000000000027343234630647693'],
    ['mod', '-7', '3', '-1'],
    ['quo', '1', '7', `0.${'142857'.repeat(25)}14285`],
    ['text', '-542', '', '-542'],
    ['sub', 'f64:-8.848909228390978', '-238', '229.1510907716090219565785446320660412311553955078125'],
    ['mul', '-343', 'int:-312176290283038560066798088926', '107076467567082226102911744501618'],
    ['mul', '39.683', '-24.5837', '-975.5549671000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001'],
    ['quo', '-80.38', '89e-19', '-9031460674157303370.786516853932584269662921348314606741573033707865168539325842696629213483146067415730337078651685393258426966292134831460674157303370786'],
    ['mod', 'int:748576647254268596823071679273', 'f64:4.559738444406488', '3'],
    ['mod', 'int:379038744505890089091595789779', '-79.000', '56'],
    ['quo', 'f64:-7.899458889247666', '87.0371', '-0.09075967477371909008868682231278590567850578970957499732872533666677773041610991175027660618288063366081820281236392297077912752148221850222491328410528384'],
    ['mul', '19e21', '953', '18107000000000000000000000'],
    ['quo', '-63.20', '86.566995', '-0.7300703923013615061952884006196587972124942075210072845892363481024147829088903917711363320397109776075743416991660620771230421016693486934599035117252251'],
    ['add', '193', '18e15', '18000000000000193'],
    ['add', '658', 'f64:3.7081903584791593', '661.7081903584791593431191358831711113452911376953125'],
    ['mul', '19e4', '8e23', '152000000000000000000000000000'],
    ['mul', '-674', '595', '-401030'],
    ['quo', 'int:-767847718154938108826107498559', '73.2255', '-10486069991395594551435053342.879188260920034687369837010331100504605636014776273292773692224703143030774798396733378399601231811322558398372151777727704147'],
    ['quo', '-731', '75e4', '-0.00097466666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666664'],
    ['quo', '-16.25659', '-74.1', '0.21938717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948717948'],
    ['mod', 'int:-80279600528526634960566775481', '73.57032', '-64'],
    ['sub', '-713', 'int:-111890249012524012485906776813', '111890249012524012485906776100'],
    ['text', '-1', '', '-1'],
    ['add', '144', '-484', '-340'],
    ['text', '-17.54852', '', '-17.54852'],
    ['sub', '405', 'f64:3.406687748846121', '401.593312251153879088860776391811668872833251953125'],
    ['add', '76.4', 'f64:-3.863216697125493', '72.5367833028745071288767576334066689014434814453125'],
    ['mul', '21.488', '-22.92855', '-492.6886824'],
    ['add', '-382', '-95.674704', '-477.674704'],
    ['text', '-50.80598', '', '-50.80598'],
    ['mod', '88', '-18.82', '12.72'],
    ['mod', '19.5', '-869', '19.5'],
    ['add', '27.6325', 'f64:2.739655675249427', '30.372155675249426991513246321119368076324462890625'],
    ['mod', '-530', '-420', '-110'],
    ['mul', '16e28', '-23.661184', '-3785789440000000000000000000000'],
    ['text', 'f64:-9.510705592453556', '', '-9.510705592453556'],
    ['sub', 'int:707507089515013882485202394212', 'f64:-5.308697977741701', '707507089515013882485202394217'],
    ['text', '47.562', '', '47.562'],
    ['text', '585', '', '585'],  ];
  it.each(cases)('%s %s %s = %s', (op, a, b, want) => {
    const result = op === 'text' ? operand(a) : OPS[op]!(operand(a), operand(b));
    expect(formatNumber(result)).toBe(want);
  });

  it('keeps safe integers and short binary fractions as plain numbers', () => {
    expect(add(2, 3)).toBe(5);
    expect(divide(5, 2)).toBe(2.5);
    expect(multiply(parseNumber('0.5')!, 2)).toBe(1);
    expect(typeof divide(1, 3)).toBe('object');
    expect(typeof parseNumber('9007199254740993')).toBe('object');
  });

  it('parses only decimal syntax', () => {
    for (const bad of ['', '.', '1e', '0x10', '1_000', ' 1', 'Inf', 'NaN']) expect(parseNumber(bad)).toBeUndefined();
    expect(formatNumber(parseNumber('.5')!)).toBe('0.5');
    expect(formatNumber(parseNumber('-1.50e+2')!)).toBe('-150');
  });

  it('compares exactly and calls numbers equal when they print alike', () => {
    expect(compare(parseNumber('0.1')!, fromFloat64(0.1))).toBe(-1);
    expect(numbersEqual(parseNumber('0.1')!, fromFloat64(0.1))).toBe(true);
    expect(numbersEqual(divide(1, 3), fromFloat64(1 / 3))).toBe(false);
    expect(numbersEqual(-0, 0)).toBe(true);
    expect(compare(divide(1, 0), parseNumber('1e400')!)).toBe(1);
  });

  it('converts to the nearest float64', () => {
    expect(toFloat64(divide(1, 3))).toBe(1 / 3);
    expect(toFloat64(parseNumber('1e400')!)).toBe(Infinity);
    expect(toFloat64(parseNumber('4.9e-324')!)).toBe(5e-324);
  });

  it('fails where cty fails', () => {
    expect(() => divide(0, 0)).toThrow("can't divide zero by zero or infinity by infinity");
    expect(() => add(divide(1, 0), divide(-1, 0))).toThrow("can't compute sum of opposing infinities");
    expect(() => multiply(0, divide(1, 0))).toThrow("can't multiply zero by infinity");
    expect(formatNumber(modulo(7, 0))).toBe('7');
  });
});
