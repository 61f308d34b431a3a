// The snapshot file: a LiveState saved for offline analysis (`drift snapshot --out`, `--snapshot`).
import { z } from 'zod';
import type { LiveState } from '../drift/model.js';

export const SNAPSHOT_KIND = 'ialctl-snapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** A snapshot that cannot be used; the message names the file and the offending field. */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'SnapshotError';
  }
}

const jsonObject = z.record(z.string(), z.json());

const resourceSchema = z.object({
  type: z.string().regex(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'expected a CloudFormation type such as AWS::EC2::VPC'),
  physicalId: z.string().min(1, 'expected a non-empty id'),
  properties: jsonObject,
  attributes: jsonObject,
  awsDefault: z.boolean().optional(),
});

const readErrorSchema = z.object({
  service: z.string().min(1),
  types: z.array(z.string()),
  code: z.string().optional(),
  message: z.string(),
  requiredAction: z.string().optional(),
});

const snapshotSchema = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  generatedAt: z.iso.datetime({ offset: true }),
  region: z.string().min(1),
  accountId: z.string(),
  readTypes: z.array(z.string()),
  errors: z.array(readErrorSchema),
  resources: z.array(resourceSchema),
});

export function serializeSnapshot(state: LiveState, generatedAt: string): string {
  const snapshot = {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt,
    region: state.region,
    accountId: state.accountId,
    readTypes: state.readTypes,
    errors: state.errors,
    resources: state.resources,
  };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export function parseSnapshot(text: string, fileName: string): LiveState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SnapshotError(fileName, `not valid JSON (${(err as Error).message}); create a snapshot with \`ialctl drift snapshot --out FILE\``);
  }
  checkHeader(raw, fileName);
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw new SnapshotError(fileName, `invalid snapshot: ${issues.join('; ')}${more}`);
  }
  const s = parsed.data;
  checkConsistency(s, fileName);
  return {
    region: s.region,
    accountId: s.accountId,
    readTypes: s.readTypes,
    errors: s.errors.map((e) => ({
      service: e.service,
      types: e.types,
      message: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.requiredAction !== undefined ? { requiredAction: e.requiredAction } : {}),
    })),
    resources: s.resources.map((r) => ({
      type: r.type,
      physicalId: r.physicalId,
      properties: r.properties,
      attributes: r.attributes,
      ...(r.awsDefault !== undefined ? { awsDefault: r.awsDefault } : {}),
    })),
  };
}

/** Kind and version are checked first: a wrong file or a newer format deserves its own message. */
function checkHeader(raw: unknown, fileName: string): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SnapshotError(fileName, 'not an ialctl snapshot (expected a JSON object)');
  }
  const { kind, schemaVersion } = raw as { kind?: unknown; schemaVersion?: unknown };
  if (kind !== SNAPSHOT_KIND) {
    throw new SnapshotError(fileName, `kind: expected "${SNAPSHOT_KIND}", got ${JSON.stringify(kind) ?? 'nothing'} — is this an ialctl snapshot?`);
  }
  if (typeof schemaVersion === 'number' && schemaVersion > SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotError(
      fileName,
      `schemaVersion: ${schemaVersion} is newer than this ialctl reads (${SNAPSHOT_SCHEMA_VERSION}); upgrade ialctl or regenerate the snapshot`,
    );
  }
}

function checkConsistency(s: z.infer<typeof snapshotSchema>, fileName: string): void {
  const readTypes = new Set(s.readTypes);
  const seen = new Set<string>();
  s.resources.forEach((r, i) => {
    // A resource of an unread type would be compared as if its type had been read completely.
    if (!readTypes.has(r.type)) {
      throw new SnapshotError(fileName, `resources[${i}].type: ${r.type} is not listed in readTypes`);
    }
    const key = `${r.type} ${r.physicalId}`;
    if (seen.has(key)) throw new SnapshotError(fileName, `resources[${i}]: duplicate ${r.type} ${r.physicalId}`);
    seen.add(key);
  });
  s.errors.forEach((e, i) => {
    const both = e.types.find((t) => readTypes.has(t));
    if (both) throw new SnapshotError(fileName, `errors[${i}].types: ${both} is also listed in readTypes`);
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}
