import type { Flow, System, SystemKind } from '../../manifests/manifest';

/** Fides `system_type` (free text, plus `fides generate` types) → Vigil system kind. */
export function kindOfSystemType(type: unknown): SystemKind {
  const text = typeof type === 'string' ? type.toLowerCase() : '';
  if (/rds|database|db\b|postgres|mysql|dynamo/.test(text)) return 'database';
  if (/warehouse|redshift|bigquery|snowflake/.test(text)) return 'warehouse';
  if (/bucket|s3|storage/.test(text)) return 'object-store';
  if (/third.?party|vendor|saas/.test(text)) return 'saas';
  if (/queue|kafka|stream/.test(text)) return 'queue';
  return 'service';
}

/** `responsibility` (a list in fideslang 3, a string in the API JSON) or 1.x `data_responsibility_title`. */
export function operatorOf(value: unknown): System['operator'] | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string',
  );
  const lower = values.map((item) => item.toLowerCase());
  if (lower.some((item) => item.includes('controller'))) return 'self';
  if (lower.some((item) => item.includes('processor'))) return 'processor';
  return undefined;
}

const LAWFUL_BASES: [RegExp, string][] = [
  [/consent/i, 'consent'],
  [/contract/i, 'contract'],
  [/legal obligation/i, 'legal_obligation'],
  [/vital/i, 'vital_interests'],
  [/public (interest|task)/i, 'public_task'],
  [/legitimate/i, 'legitimate_interests'],
];

const SPECIAL_BASES: [RegExp, string][] = [
  [/consent/i, 'explicit_consent'],
  [/employment/i, 'employment'],
  [/vital/i, 'vital_interests'],
  [/not-for-profit|nonprofit/i, 'nonprofit'],
  [/made public/i, 'made_public'],
  [/legal claims|judicial/i, 'legal_claims'],
  [/substantial public interest/i, 'substantial_public_interest'],
  [/public health/i, 'public_health'],
  [/health|social care/i, 'health_care'],
  [/research|archiving|statistic/i, 'research'],
];

export function lawfulBasisOf(value: unknown): Flow['lawfulBasis'] | undefined {
  return typeof value === 'string' ? LAWFUL_BASES.find(([pattern]) => pattern.test(value))?.[1] : undefined;
}

export function specialBasisOf(value: unknown): Flow['specialCategoryBasis'] | undefined {
  return typeof value === 'string' ? SPECIAL_BASES.find(([pattern]) => pattern.test(value))?.[1] : undefined;
}

/** `legal_basis_for_transfers` → the transfer mechanism Vigil's transfer rules accept. */
export function transferMechanismOf(value: unknown): string | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string',
  );
  const text = values.join(' ').toLowerCase();
  if (/scc|standard contractual/.test(text)) return 'sccs';
  if (/bcr|binding corporate/.test(text)) return 'bcr';
  if (/derogation/.test(text)) return 'derogation';
  if (/adequacy/.test(text)) return 'adequacy';
  return undefined;
}

/** `retention_period` is a number of days as text ("0", "30"); anything else is not a number of days. */
export function retentionDaysOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^\s*(\d+)(\s*days?)?\s*$/i.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/** ISO 3166-1 alpha-3 (as `third_country_transfers` writes them) → alpha-2, for the countries seen in practice. */
export const ALPHA3_TO_ALPHA2: Record<string, string> = {
  USA: 'US',
  CAN: 'CA',
  GBR: 'GB',
  CHE: 'CH',
  IND: 'IN',
  CHN: 'CN',
  JPN: 'JP',
  KOR: 'KR',
  AUS: 'AU',
  NZL: 'NZ',
  BRA: 'BR',
  ARG: 'AR',
  URY: 'UY',
  ISR: 'IL',
  SGP: 'SG',
  HKG: 'HK',
  RUS: 'RU',
  TUR: 'TR',
  ZAF: 'ZA',
  MEX: 'MX',
  ARE: 'AE',
  SAU: 'SA',
  PHL: 'PH',
  IDN: 'ID',
  MYS: 'MY',
  THA: 'TH',
  VNM: 'VN',
  UKR: 'UA',
  EGY: 'EG',
  NGA: 'NG',
  DEU: 'DE',
  FRA: 'FR',
  IRL: 'IE',
  NLD: 'NL',
  ESP: 'ES',
  ITA: 'IT',
  POL: 'PL',
  SWE: 'SE',
  NOR: 'NO',
  ISL: 'IS',
};
