import { BadRequestException } from '@nestjs/common';
import { CursorCodec, isMicroTimestamp } from './cursor-codec';

const codec = new CursorCodec([
  { kind: 'name', names: ['-severity', 'lastSeenAt'] },
  { kind: 'timestamp' },
  { kind: 'integer', min: 1, max: 4 },
  { kind: 'uuid' },
] as const);
const ID = '0b7e4a0c-5a0e-4c1e-9f59-0d1c2c3b4a59';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('decode to the values they were made from', () => {
    const cursor = codec.encode(['-severity', '2026-08-22T03:44:52.704100Z', 3, ID]);
    expect(codec.decode(cursor)).toEqual(['-severity', '2026-08-22T03:44:52.704100Z', 3, ID]);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['JSON that is not a list', raw({ a: 1 })],
    ['too few values', raw(['-severity', '2026-08-22T03:44:52.704100Z', 3])],
    ['an unknown sort name', raw(['severity', '2026-08-22T03:44:52.704100Z', 3, ID])],
    ['February 30th', raw(['-severity', '2026-02-30T00:00:00.000000Z', 3, ID])],
    ['year 0000', raw(['-severity', '0000-01-01T00:00:00.000000Z', 3, ID])],
    ['hour 24', raw(['-severity', '2026-01-01T24:00:00.000000Z', 3, ID])],
    ['milliseconds only', raw(['-severity', '2026-01-01T00:00:00.000Z', 3, ID])],
    ['a fractional rank', raw(['-severity', '2026-01-01T00:00:00.000000Z', 1.5, ID])],
    ['a huge rank', raw(['-severity', '2026-01-01T00:00:00.000000Z', 1e308, ID])],
    ['a rank out of bounds', raw(['-severity', '2026-01-01T00:00:00.000000Z', 5, ID])],
    ['a rank as a string', raw(['-severity', '2026-01-01T00:00:00.000000Z', '3', ID])],
    ['an id that is not a uuid', raw(['-severity', '2026-01-01T00:00:00.000000Z', 3, 'x'])],
    ['an upper-case uuid', raw(['-severity', '2026-01-01T00:00:00.000000Z', 3, ID.toUpperCase()])],
    ['a very long cursor', 'A'.repeat(10_000)],
  ])('refuse %s with a 400', (_what, cursor) => {
    expect(() => codec.decode(cursor)).toThrow(BadRequestException);
    expect(() => codec.decode(cursor)).toThrow(
      'cursor is not valid: pass back the nextCursor of the previous page',
    );
  });
});

describe('microsecond timestamps', () => {
  it.each([
    ['2026-08-22T03:44:52.704100Z', true],
    ['2024-02-29T23:59:59.999999Z', true],
    ['2026-02-29T00:00:00.000000Z', false],
    ['2026-13-01T00:00:00.000000Z', false],
    ['2026-08-22 03:44:52.704100Z', false],
    ['0001-01-01T00:00:00.000000Z', true],
  ])('%s is a real instant: %s', (value, real) => {
    expect(isMicroTimestamp(value)).toBe(real);
  });
});
