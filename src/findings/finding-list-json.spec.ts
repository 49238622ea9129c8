import { isoMicros } from './finding-list-json';

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
