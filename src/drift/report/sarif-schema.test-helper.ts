// The SARIF output is validated against the official SARIF 2.1.0 JSON schema, vendored in
// test/fixtures/sarif-schema-2.1.0.json so the test needs no network. Source: the OASIS SARIF TC
// repository, oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json
// (commit 3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab), copied byte for byte (112318 bytes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

// ajv and ajv-formats are CommonJS: imported from ESM, their export is under `.default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../test/fixtures/sarif-schema-2.1.0.json', import.meta.url)), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
export const validateSarif = ajv.compile(schema);

/** Parses a SARIF text and asserts it validates against the SARIF 2.1.0 schema (errors shown on failure). */
export function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
    automationDetails: { id: string };
    results: SarifResult[];
  }>;
}
