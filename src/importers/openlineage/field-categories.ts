import type { CategoryMapping } from '../imported-estate';

/**
 * Field names that say what they hold, in the order tried; only with `--infer-categories`, and a
 * finding that rests on one says it was inferred. Deliberately narrow: a miss is not evaluated,
 * a false hit is a false finding.
 */
const INFERRED: [RegExp, string][] = [
  [/e_?mail/i, 'user.contact.email'],
  [/phone|mobile|msisdn/i, 'user.contact.phone_number'],
  [/(^|_)(street|address|zip|postal|postcode)(_|$)/i, 'user.contact.address'],
  [/(^|_)(first|last|full|sur|given|middle)_?name$|^name$|customer_name|driver_name/i, 'user.name'],
  [/ssn|social_security|passport|national_id|tax_id/i, 'user.government_id'],
  [/credit_card|card_number|ccn|iban|bank_account/i, 'user.financial'],
  [/birth|dob/i, 'user.demographic.date_of_birth'],
  [/(^|_)ip(_address)?$/i, 'user.device.ip_address'],
  [/license_plate/i, 'user.unique_id'],
  [/diagnos|medical|health/i, 'user.health_and_medical'],
];

export function inferCategory(field: string): string | undefined {
  return INFERRED.find(([pattern]) => pattern.test(field))?.[1];
}

/** The category a mapping file gives a field name (`*` is any run of characters). */
export function mappedFieldCategory(mapping: CategoryMapping | undefined, field: string): string | undefined {
  return mapping?.fields.find(({ pattern }) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(field),
  )?.category;
}
