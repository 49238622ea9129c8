import type { ErrorObject, Options } from 'ajv';

/** What the manifest and policy validators need of an ajv validate function. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export const AJV_OPTIONS: Options = { allErrors: true, strict: true, allowUnionTypes: true };

/** Schemas compiled to standalone modules at build time (scripts/build-validators.js). */
export const PRECOMPILED_SCHEMAS = [
  { schema: 'manifests/manifest-v1.schema.json', module: 'manifests/manifest-v1.validator.js' },
  { schema: 'policies/policy-file.schema.json', module: 'policies/policy-file.validator.js' },
];

/**
 * The build's precompiled validator when there is one (dist/), else one compiled now (tests run
 * from src/). `load` requires the module; it is passed in so the path resolves beside the caller.
 */
export function schemaValidator(load: () => unknown, schema: object): SchemaValidator {
  try {
    const module = load() as { default?: SchemaValidator } & SchemaValidator;
    return module.default ?? module;
  } catch {
    return compileSchema(schema);
  }
}

/** A validator compiled now, with the options the precompiled ones were built with. */
export function compileSchema(schema: object): SchemaValidator {
  // Required here, not imported: a CLI start with the precompiled validators never loads ajv.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default as typeof import('ajv').default;
  return new Ajv(AJV_OPTIONS).compile(schema);
}
