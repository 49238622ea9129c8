import { isoMicros, jsonString } from './finding-projection';

describe('cursor timestamps from PostgreSQL text', () => {
  it.each([
    ['2026-08-22 03:44:52', '2026-08-22T03:44:52.000000Z'],
    ['2026-08-22 03:44:52.7', '2026-08-22T03:44:52.700000Z'],
    ['2026-08-22 03:44:52.704', '2026-08-22T03:44:52.704000Z'],
    ['2026-08-22 03:44:52.999999', '2026-08-22T03:44:52.999999Z'],
  ])('%s → %s', (utc, micros) => {
    expect(isoMicros(utc)).toBe(micros);
  });
});

describe('jsonString', () => {
  it('writes every UTF-16 code unit as JSON.stringify does', () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const value = `a${String.fromCharCode(unit)}b`;
      expect(jsonString(value)).toBe(JSON.stringify(value));
    }
    for (const value of ['', 'plain', 'say "hi"', 'C:\\path', 'line\nbreak', '😀', 'x\u2028y', 'Zoë'])
      expect(jsonString(value)).toBe(JSON.stringify(value));
  });

  it('writes null for no value', () => {
    expect(jsonString(null)).toBe('null');
  });
});
