// Interoperability probe: drives fabstream's embedded registry with a third-party Confluent
// Schema Registry client (@kafkajs/confluent-schema-registry) and prints one JSON line.
//
//   node interop.js decode <registryUrl>                       stdin: base64 of framed bytes
//   node interop.js encode <registryUrl> <subject> <avscPath>  stdin: JSON record (dies: base64)
'use strict';

const fs = require('fs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

function readStdin() {
  return fs.readFileSync(0, 'utf8').trim();
}

async function decode(registry) {
  const buffer = Buffer.from(readStdin(), 'base64');
  const value = await registry.decode(buffer);
  const out = { id: buffer.readInt32BE(1), value: {} };
  for (const [key, field] of Object.entries(value)) {
    out.value[key] = Buffer.isBuffer(field) ? field.toString('base64') : field;
  }
  return out;
}

async function encode(registry, subject, avscPath) {
  const schema = fs.readFileSync(avscPath, 'utf8');
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema },
    { subject },
  );
  const payload = JSON.parse(readStdin());
  payload.dies = Buffer.from(payload.dies, 'base64');
  const bytes = await registry.encode(id, payload);
  const latestId = await registry.getLatestSchemaId(subject);
  return { id, latestId, bytes: bytes.toString('base64') };
}

async function main() {
  const [command, host, ...rest] = process.argv.slice(2);
  const registry = new SchemaRegistry({ host });
  let result;
  if (command === 'decode') {
    result = await decode(registry);
  } else if (command === 'encode') {
    result = await encode(registry, rest[0], rest[1]);
  } else {
    throw new Error(`unknown command ${command}`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(`interop failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
