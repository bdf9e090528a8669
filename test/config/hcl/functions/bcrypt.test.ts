import { describe, expect, it } from 'vitest';
import { bcryptHash, decode64 } from '../../../../src/config/hcl/functions/bcrypt.js';

describe('bcryptHash', () => {
  it('matches the known $2a$ vectors', () => {
    expect(bcryptHash(Buffer.from('U*U'), 5, decode64('CCCCCCCCCCCCCCCCCCCCC.'))).toBe(
      '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW',
    );
    expect(bcryptHash(Buffer.from('allmine'), 10, decode64('XajjQvNhvvRt5GSeFk1xFe'))).toBe(
      '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga',
    );
  });

  it('makes a fresh salt each time', () => {
    const a = bcryptHash(Buffer.from('pw'), 4);
    expect(a).toMatch(/^\$2a\$04\$[./A-Za-z0-9]{53}$/);
    expect(bcryptHash(Buffer.from('pw'), 4)).not.toBe(a);
  });
});
