import type { ErrorObject } from 'ajv';
import { compileSchema, schemaValidator, type SchemaValidator } from '../json-schema/json-schema-validator';
import manifestSchema from './manifest-v1.schema.json';
import { toPointer, pointerSegments } from '../json-pointer/json-pointer';

/** A schema violation, addressed by JSON Pointer; the loader turns pointers into lines. */
export interface SchemaViolation {
  pointer: string;
  message: string;
  /** The violation is a field the schema does not know (pointer names that field). */
  unknownField?: boolean;
}

let validator: SchemaValidator | undefined;

function compiled(): SchemaValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (validator ??= schemaValidator(() => require('./manifest-v1.validator.js'), manifestSchema));
}

export const MANIFEST_SCHEMA = manifestSchema;

export function validateManifestSchema(document: unknown): SchemaViolation[] {
  const validate = compiled();
  if (validate(document)) return [];
  return collapse(validate.errors ?? []).map(describe);
}

/** Where an overlay writes resources, and the manifest schema's definition of each. */
const OVERLAY_DEFINITIONS = { systems: 'system', flows: 'flow', access: 'grant' } as const;
export type OverlayCollection = keyof typeof OVERLAY_DEFINITIONS;

const overlayValidators = new Map<OverlayCollection, SchemaValidator>();

/**
 * A system, flow or grant written in an overlay, judged by the manifest schema's own
 * definitions, so an overlay is held to what a manifest is (field types, known fields, a reason
 * for every suppression). A flow or grant is written whole; a system adds to the one its sources
 * describe, so of its fields only the id is required. `at` is the resource's pointer in the
 * overlay, for the violations' pointers and messages. Compiled on first use: few scans have an
 * overlay.
 */
export function validateOverlayResource(
  collection: OverlayCollection,
  value: unknown,
  at: string,
): SchemaViolation[] {
  let validate = overlayValidators.get(collection);
  if (!validate) {
    const definitions = manifestSchema.definitions as Record<string, object>;
    const definition = definitions[OVERLAY_DEFINITIONS[collection]];
    validate = compileSchema({
      definitions,
      ...definition,
      ...(collection === 'systems' ? { required: ['id'] } : {}),
    });
    overlayValidators.set(collection, validate);
  }
  if (validate(value)) return [];
  return collapse(validate.errors ?? []).map((error) =>
    describe({ ...error, instancePath: at + error.instancePath }),
  );
}

/** Ajv reports every failed branch; keep one message per place, the most specific first. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(error: ErrorObject): SchemaViolation {
  const field = fieldName(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return {
        pointer: error.instancePath,
        message: `${field ? `${field}: ` : ''}missing required field '${error.params.missingProperty}'`,
      };
    case 'additionalProperties': {
      const property = String(error.params.additionalProperty);
      return {
        pointer: toPointer([...pointerSegments(error.instancePath), property]),
        message: `unknown field '${property}'${field ? ` in ${field}` : ''} (extensions must start with 'x-')`,
        unknownField: true,
      };
    }
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `${field}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return {
        pointer: error.instancePath,
        message: `${field}: must be ${JSON.stringify(error.params.allowedValue)}`,
      };
    case 'type':
      return {
        pointer: error.instancePath,
        message: `${field || 'document'}: must be ${article(error.params.type)}`,
      };
    case 'pattern':
      return { pointer: error.instancePath, message: `${field}: ${patternHint(error)}` };
    default:
      return {
        pointer: error.instancePath,
        message: `${field || 'document'}: ${error.message ?? 'is invalid'}`,
      };
  }
}

function fieldName(instancePath: string): string {
  return pointerSegments(instancePath)
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

function article(type: unknown): string {
  const name = String(type);
  const word = name === 'object' ? 'mapping' : name === 'array' ? 'list' : name;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function patternHint(error: ErrorObject): string {
  const path = error.instancePath;
  if (path.endsWith('/metadata/name')) return "must be lowercase letters, digits and '-'";
  if (path.endsWith('/country')) return 'must be an ISO 3166-1 alpha-2 code such as DE or US';
  if (path.endsWith('/expires') || path.endsWith('/expiresAt')) return 'must be a date such as 2027-03-01';
  if (path.endsWith('/reason')) return 'must not be empty';
  if (/\/id$/.test(path))
    return 'ids start with a letter or digit and use letters, digits, ".", "_", ":" or "-"';
  return `must match ${String(error.params.pattern)}`;
}
