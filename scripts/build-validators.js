// Precompiles the JSON Schemas into standalone validator modules in dist/, so a CLI start does
// not spend ~60 ms compiling them. The sources fall back to compiling at run time (tests run
// from src/), with the same options, so both paths validate alike.
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const standalone = require('ajv/dist/standalone').default;
const { AJV_OPTIONS, PRECOMPILED_SCHEMAS } = require('../dist/json-schema/json-schema-validator.js');

const root = path.join(__dirname, '..');
for (const { schema, module } of PRECOMPILED_SCHEMAS) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(root, 'src', schema), 'utf8')));
  fs.writeFileSync(path.join(root, 'dist', module), standalone(ajv, validate));
}
