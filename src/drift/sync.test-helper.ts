// Helpers for reverse-sync tests: the demo phases and sandbox as sources and live state, a reload of an
// edited file, and a line diff (longest common subsequence) to assert that an edit touched only the
// lines it should.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSnapshot } from '../aws/snapshot.js';
import { readableProperties } from '../aws/readers/index.js';
import { detectDrift } from './detect.js';
import type { DriftReport, LiveResource, LiveState } from './model.js';
import { loadPhases, parsePhaseYaml, type DesiredState, type PhaseSource } from './phases.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const NOW = new Date('2026-11-20T10:00:00.000Z');

export function readable(type: string): ReadonlySet<string> | undefined {
  const list = readableProperties(type);
  return list ? new Set(list) : undefined;
}

export interface DemoFixture {
  sources: PhaseSource[];
  parametersFile: { file: string; text: string };
  desired: DesiredState;
  live: LiveState;
}

/** The bundled demo: phases as `phases/<phase>/<file>` sources and the sandbox account, fresh per call. */
export function demoFixture(): DemoFixture {
  const dir = path.join(ROOT, 'phases');
  const sources: PhaseSource[] = [];
  for (const phase of readdirSync(dir).sort()) {
    if (!statSync(path.join(dir, phase)).isDirectory()) continue;
    for (const name of readdirSync(path.join(dir, phase)).sort()) {
      sources.push({ file: `phases/${phase}/${name}`, phase, text: readFileSync(path.join(dir, phase, name), 'utf8') });
    }
  }
  const parametersFile = { file: 'phases/parameters.yaml', text: readFileSync(path.join(dir, 'parameters.yaml'), 'utf8') };
  const desired = loadPhases(sources, { parametersFile });
  const live = parseSnapshot(readFileSync(path.join(ROOT, 'demo', 'sandbox.json'), 'utf8'), 'sandbox.json');
  return { sources, parametersFile, desired, live };
}

export function detect(desired: DesiredState, live: LiveState): DriftReport {
  return detectDrift(desired.resources, live, { now: NOW, readableProperties: readable });
}

export function liveResource(live: LiveState, type: string, name: (r: LiveResource) => boolean): LiveResource {
  const found = live.resources.find((r) => r.type === type && name(r));
  if (!found) throw new Error(`no live ${type} matching`);
  return found;
}

export function byName(value: string): (r: LiveResource) => boolean {
  return (r) => {
    const tags = r.properties['Tags'];
    const nameTag = Array.isArray(tags) ? tags.find((t) => (t as { Key?: unknown }).Key === 'Name') : undefined;
    return (nameTag as { Value?: unknown } | undefined)?.Value === value || Object.values(r.properties).includes(value) || r.physicalId === value;
  };
}

/** The parsed content of an edited file (asserting that it parses). */
export function reload(text: string): unknown {
  const { document } = parsePhaseYaml(text);
  if (document.errors.length > 0) throw new Error(`edited file does not parse: ${document.errors[0]?.message}`);
  return document.toJS();
}

/** `-N: text` for removed lines (N in the old text) and `+N: text` for added ones (N in the new text). */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`-${i + 1}: ${a[i]}`);
      i++;
    } else {
      out.push(`+${j + 1}: ${b[j]}`);
      j++;
    }
  }
  return out;
}
