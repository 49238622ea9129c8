import { isoMicros, isoMillis } from './finding-list-json';

describe('timestamps from PostgreSQL text', () => {
  it.each([
    ['2026-08-22 03:44:52', '"2026-08-22T03:44:52.000Z"', '2026-08-22T03:44:52.000000Z'],
    ['2026-08-22 03:44:52.7', '"2026-08-22T03:44:52.700Z"', '2026-08-22T03:44:52.700000Z'],
    ['2026-08-22 03:44:52.704', '"2026-08-22T03:44:52.704Z"', '2026-08-22T03:44:52.704000Z'],
    // Truncated, as a JS Date holds it.
    ['2026-08-22 03:44:52.999999', '"2026-08-22T03:44:52.999Z"', '2026-08-22T03:44:52.999999Z'],
  ])('%s → %s to the millisecond, %s to the microsecond', (utc, millis, micros) => {
    expect(isoMillis(utc)).toBe(millis);
    expect(JSON.parse(isoMillis(utc))).toBe(new Date(`${utc.replace(' ', 'T')}Z`).toISOString());
    expect(isoMicros(utc)).toBe(micros);
  });

  it('writes null for no timestamp', () => {
    expect(isoMillis(null)).toBe('null');
  });
});
