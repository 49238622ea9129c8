import { readDataFile } from './data-file';

/** An EU adequacy decision (GDPR Art. 45) for one country. */
export interface AdequacyDecision {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  name: string;
  /** A partial decision: adequate, but reports name the scope (CA, JP). */
  scope?: string;
  /** Adequate only for recipients meeting the condition (US: certified under the Data Privacy Framework). */
  condition?: 'dpf-certified';
  /** Last day the decision applies (YYYY-MM-DD). */
  validUntil?: string;
  /** Day the Commission adopted it (YYYY-MM-DD); before that day it does not apply. */
  adoptedOn?: string;
  note?: string;
}

export interface Geography {
  isInEEA(country: string): boolean;
  /** The decision that applies to `country` on the day `on`; undefined when there is none or it has expired. */
  adequacyFor(country: string, on: Date): AdequacyDecision | undefined;
  /** When the EEA list was last checked (YYYY-MM-DD); reports state it. */
  eeaCheckedOn: string;
  /** When the adequacy list was last checked (YYYY-MM-DD); reports state it. */
  adequacyCheckedOn: string;
}

interface EeaFile {
  checkedOn: string;
  countries: { country: string; name: string }[];
}

interface AdequacyFile {
  checkedOn: string;
  decisions: AdequacyDecision[];
}

/** The calendar day of `on` in UTC, comparable as a string with the YYYY-MM-DD dates of the data files. */
function dayOf(on: Date): string {
  return on.toISOString().slice(0, 10);
}

let cached: Geography | undefined;

export function loadGeography(): Geography {
  if (cached) return cached;
  const eea = readDataFile<EeaFile>('geography/eea.json');
  const adequacy = readDataFile<AdequacyFile>('geography/adequacy-decisions.json');

  const eeaCountries = new Set(eea.countries.map((entry) => entry.country.toUpperCase()));
  const decisions = new Map<string, AdequacyDecision>();
  for (const decision of adequacy.decisions) {
    decisions.set(decision.country.toUpperCase(), Object.freeze({ ...decision }));
  }

  cached = Object.freeze({
    isInEEA: (country: string) => eeaCountries.has(country.toUpperCase()),
    adequacyFor(country: string, on: Date) {
      const decision = decisions.get(country.toUpperCase());
      if (!decision) return undefined;
      const day = dayOf(on);
      if (decision.adoptedOn && day < decision.adoptedOn) return undefined;
      if (decision.validUntil && day > decision.validUntil) return undefined;
      return decision;
    },
    eeaCheckedOn: eea.checkedOn,
    adequacyCheckedOn: adequacy.checkedOn,
  });
  return cached;
}
