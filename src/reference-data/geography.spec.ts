import { loadGeography } from './geography';

const geography = loadGeography();
const today = new Date('2026-06-01T12:00:00Z');

describe('geography', () => {
  const eu27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
  const eea = [...eu27, 'IS', 'LI', 'NO'];

  it('has the 30 EEA countries', () => {
    expect(eea).toHaveLength(30);
    for (const country of eea) expect(geography.isInEEA(country)).toBe(true);
  });

  it('compares country codes case-insensitively', () => {
    expect(geography.isInEEA('de')).toBe(true);
    expect(geography.adequacyFor('ch', today)?.country).toBe('CH');
  });

  it('does not count Switzerland, the United Kingdom or the United States as EEA', () => {
    for (const country of ['CH', 'GB', 'US']) expect(geography.isInEEA(country)).toBe(false);
  });

  it('finds Switzerland and the United Kingdom adequate', () => {
    expect(geography.adequacyFor('CH', today)?.name).toBe('Switzerland');
    expect(geography.adequacyFor('GB', today)?.name).toBe('United Kingdom');
  });

  it('lets the United Kingdom decision lapse after 2031-12-27', () => {
    expect(geography.adequacyFor('GB', new Date('2031-12-27T23:00:00Z'))).toBeDefined();
    expect(geography.adequacyFor('GB', new Date('2031-12-28T00:00:00Z'))).toBeUndefined();
    expect(geography.adequacyFor('GB', new Date('2032-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('covers the United States only for recipients certified under the Data Privacy Framework', () => {
    expect(geography.adequacyFor('US', today)?.condition).toBe('dpf-certified');
  });

  it('keeps the scope of partial decisions for Canada and Japan', () => {
    expect(geography.adequacyFor('CA', today)?.scope).toBe('commercial organisations subject to PIPEDA');
    expect(geography.adequacyFor('JP', today)?.scope).toBe('private sector');
  });

  it('applies the Brazil decision from the day it was adopted', () => {
    expect(geography.adequacyFor('BR', new Date('2026-01-25T12:00:00Z'))).toBeUndefined();
    expect(geography.adequacyFor('BR', new Date('2026-01-26T12:00:00Z'))?.adoptedOn).toBe('2026-01-26');
  });

  it.each(['AD', 'AR', 'BR', 'CA', 'FO', 'GG', 'IL', 'IM', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'UY', 'US'])(
    'has an adequacy decision for %s',
    (country) => {
      expect(geography.adequacyFor(country, today)).toBeDefined();
    },
  );

  it('has no decision for countries without one, nor for EEA members', () => {
    for (const country of ['IN', 'CN', 'AU', 'SG', 'DE']) {
      expect(geography.adequacyFor(country, today)).toBeUndefined();
    }
  });

  it('states when each list was last checked', () => {
    expect(geography.eeaCheckedOn).toBe('2026-01-31');
    expect(geography.adequacyCheckedOn).toBe('2026-01-31');
  });
});
