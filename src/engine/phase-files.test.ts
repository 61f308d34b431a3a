// The phase tree on a real file system: every template file at any depth is loaded or named.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PhaseLoadError } from '../drift/diagnostics.js';
import { MAX_PHASE_FILE_BYTES } from '../drift/phases.js';
import { phaseFolder, readDesiredState } from './phase-files.js';

const vpc = (id: string, name: string): string =>
  `Resources:\n  ${id}:\n    Type: AWS::EC2::VPC\n    Properties:\n      Tags: [{ Key: Name, Value: ${name} }]\n`;

let root: string;
const write = (rel: string, text: string): void => {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
};
const load = () => readDesiredState(phaseFolder('phases', root), {});

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ial-phase-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the phase tree', () => {
  test('files at the root, one level and any depth, and .json templates, are all loaded with their phase', () => {
    write('phases/main.yaml', vpc('Root', 'root'));
    write('phases/00-net/01-vpc.yml', vpc('Net', 'net'));
    write('phases/10-app/eu/prod/01-deep.yaml', vpc('Deep', 'deep'));
    write('phases/20-json/01-template.json', JSON.stringify({ Resources: { Json: { Type: 'AWS::EC2::VPC', Properties: { Tags: [{ Key: 'Name', Value: 'json' }] } } } }));
    write('phases/parameters.yaml', 'Project: shop\n');
    write('phases/00-net/README.md', '# not a template');
    expect(load().resources.map((r) => [r.file, r.phase, r.logicalId])).toEqual([
      ['phases/00-net/01-vpc.yml', '00-net', 'Net'],
      ['phases/10-app/eu/prod/01-deep.yaml', '10-app', 'Deep'],
      ['phases/20-json/01-template.json', '20-json', 'Json'],
      ['phases/main.yaml', 'main', 'Root'],
    ]);
  });

  test('a symlinked file and a symlinked folder are followed; a loop and a second link are named, not loaded twice', () => {
    write('shared/01-shared.yaml', vpc('Shared', 'shared'));
    write('other/01-other.yaml', vpc('Other', 'other'));
    write('phases/00-net/01-vpc.yaml', vpc('Net', 'net'));
    symlinkSync(path.join(root, 'shared/01-shared.yaml'), path.join(root, 'phases/00-net/02-link.yaml'));
    symlinkSync(path.join(root, 'other'), path.join(root, 'phases/10-linked'));
    symlinkSync(path.join(root, 'phases/00-net'), path.join(root, 'phases/00-net/loop'));
    symlinkSync(path.join(root, 'shared/01-shared.yaml'), path.join(root, 'phases/00-net/03-again.yaml'));
    const state = load();
    expect(state.resources.map((r) => [r.file, r.logicalId])).toEqual([
      ['phases/00-net/01-vpc.yaml', 'Net'],
      ['phases/00-net/02-link.yaml', 'Shared'],
      ['phases/10-linked/01-other.yaml', 'Other'],
    ]);
    expect(state.warnings?.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'phases/00-net/03-again.yaml: same file as phases/00-net/02-link.yaml (symlink): loaded once, as phases/00-net/02-link.yaml',
      'phases/00-net/loop: symlinked folder leads back to a folder already read: not read twice',
    ]);
  });

  test('a broken symlink is a warning naming it', () => {
    write('phases/00-net/01-vpc.yaml', vpc('Net', 'net'));
    symlinkSync(path.join(root, 'nowhere.yaml'), path.join(root, 'phases/00-net/02-broken.yaml'));
    expect(load().warnings?.map((w) => `${w.file}: ${w.message}`)).toEqual(['phases/00-net/02-broken.yaml: broken symlink: not read']);
  });

  test('a file over the size cap is refused by name from its size, before it is read', () => {
    write('phases/00-net/01-vpc.yaml', vpc('Net', 'net'));
    write('phases/00-net/02-huge.yaml', `Resources: {}\n${'#'.repeat(MAX_PHASE_FILE_BYTES)}\n`);
    let thrown: unknown;
    try {
      load();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PhaseLoadError);
    expect((thrown as PhaseLoadError).diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['phases/00-net/02-huge.yaml', `file is larger than 5 MB (${MAX_PHASE_FILE_BYTES + 15} bytes)`],
    ]);
  });
});
