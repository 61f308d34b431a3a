import { isMap, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePhaseYaml } from './phases.js';
import { YamlEditError, YamlTextEditor, type Slot } from './sync-yaml-edit.js';

/** The slot at a path of keys (strings) and list indexes (numbers), with its parents. */
function slotAt(text: string, path: Array<string | number>): { editor: YamlTextEditor; slot: Slot } {
  const { document } = parsePhaseYaml(text);
  expect(document.errors).toEqual([]);
  let node: unknown = document.contents;
  let slot: Slot | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!isSeq(node)) throw new Error(`not a list at ${step}`);
      slot = { kind: 'item', seq: node as YAMLSeq, index: step, ...(slot ? { parent: slot } : {}) };
      node = (node as YAMLSeq).items[step];
    } else {
      if (!isMap(node)) throw new Error(`not a mapping at ${step}`);
      const pair = (node as YAMLMap).items.find((p) => String((p.key as { value: unknown }).value) === step) as Pair;
      slot = { kind: 'pair', map: node as YAMLMap, pair, ...(slot ? { parent: slot } : {}) };
      node = pair.value;
    }
  }
  return { editor: new YamlTextEditor(text), slot: slot as Slot };
}

function edit(text: string, path: Array<string | number>, change: (editor: YamlTextEditor, slot: Slot) => void): string {
  const { editor, slot } = slotAt(text, path);
  change(editor, slot);
  const out = editor.result();
  expect(parsePhaseYaml(out).document.errors).toEqual([]);
  return out;
}

/** Lines that differ between two texts, as a list of [before, after] where one side may be absent. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  return [...a.filter((l) => !b.includes(l)).map((l) => `-${l}`), ...b.filter((l) => !a.includes(l)).map((l) => `+${l}`)];
}

const FILE = `# Header comment
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      # Must finish before the batch jobs.
      PreferredBackupWindow: "03:00-04:00"   # UTC
      Plain: abc
      Single: 'it''s'
      AllocatedStorage: 100
      Settings: { Mode: fast, Level: 3 }
      Tags:
        - { Key: Owner, Value: team }  # who pages
        # The cost center is required by finance.
        - { Key: CostCenter, Value: CC-1 }
        - Key: Tier
          Value: data
      Zones: [a, b, c]
      Description: |
        line one
        line two
      After: 1
`;

describe('setValue', () => {
  it.each([
    ['a double-quoted scalar with a trailing comment keeps quotes and comment', ['PreferredBackupWindow'], '05:00-06:00',
      ['-      PreferredBackupWindow: "03:00-04:00"   # UTC', '+      PreferredBackupWindow: "05:00-06:00"   # UTC']],
    ['a plain scalar stays plain', ['Plain'], 'xyz', ['-      Plain: abc', '+      Plain: xyz']],
    ['a single-quoted scalar stays single-quoted', ['Single'], "don't", ["-      Single: 'it''s'", "+      Single: 'don''t'"]],
    ['a number', ['AllocatedStorage'], 200, ['-      AllocatedStorage: 100', '+      AllocatedStorage: 200']],
    ['a value inside a flow mapping', ['Settings', 'Mode'], 'slow', ['-      Settings: { Mode: fast, Level: 3 }', '+      Settings: { Mode: slow, Level: 3 }']],
    ['a value inside a flow mapping that needs quotes there', ['Settings', 'Mode'], 'a,b',
      ['-      Settings: { Mode: fast, Level: 3 }', '+      Settings: { Mode: "a,b", Level: 3 }']],
    ['a tag value in a flow mapping with a comment after it', ['Tags', 0, 'Value'], 'platform',
      ['-        - { Key: Owner, Value: team }  # who pages', '+        - { Key: Owner, Value: platform }  # who pages']],
    ['a value of a block mapping element', ['Tags', 2, 'Value'], 'web', ['-          Value: data', '+          Value: web']],
  ] as const)('%s', (_name, path, value, expected) => {
    const out = edit(FILE, ['Resources', 'Db', 'Properties', ...path], (e, s) => e.setValue(s, value));
    expect(changedLines(FILE, out)).toEqual(expected);
  });

  function properties(path: Array<string | number>): Array<string | number> {
    return ['Resources', 'Db', 'Properties', ...path];
  }

  it('edits at the exact place in the full file (resource nesting)', () => {
    const out = edit(FILE, properties(['Plain']), (e, s) => e.setValue(s, 'changed'));
    expect(out).toBe(FILE.replace('Plain: abc', 'Plain: changed'));
  });

  it('replaces a block scalar with a one-line quoted value and keeps the next key on its line', () => {
    const out = edit(FILE, properties(['Description']), (e, s) => e.setValue(s, 'one line'));
    expect(out).toBe(FILE.replace('|\n        line one\n        line two\n', '"one line"\n'));
  });

  it('replaces a flow list with another flow list', () => {
    const out = edit(FILE, properties(['Zones']), (e, s) => e.setValue(s, ['a', 'd']));
    expect(out).toBe(FILE.replace('Zones: [a, b, c]', 'Zones: [a, d]'));
  });

  it('replaces a block mapping value with a flow mapping right after its key', () => {
    const text = 'A:\n  B:\n    C: 1\n    D: 2\nE: 3\n';
    const out = edit(text, ['A', 'B'], (e, s) => e.setValue(s, { C: 5 }));
    expect(out).toBe('A:\n  B: { C: 5 }\nE: 3\n');
  });
});

describe('remove', () => {
  const at = (path: Array<string | number>) => ['Resources', 'Db', 'Properties', ...path];

  it('removes a list element with the comment lines above it', () => {
    const out = edit(FILE, at(['Tags', 1]), (e, s) => e.remove(s));
    expect(out).toBe(FILE.replace('        # The cost center is required by finance.\n        - { Key: CostCenter, Value: CC-1 }\n', ''));
  });

  it('removes a block mapping element across its lines', () => {
    const out = edit(FILE, at(['Tags', 2]), (e, s) => e.remove(s));
    expect(out).toBe(FILE.replace('        - Key: Tier\n          Value: data\n', ''));
  });

  it('removes a mapping entry with its comment', () => {
    const out = edit(FILE, at(['PreferredBackupWindow']), (e, s) => e.remove(s));
    expect(out).toBe(FILE.replace('      # Must finish before the batch jobs.\n      PreferredBackupWindow: "03:00-04:00"   # UTC\n', ''));
  });

  it('removes an element of a flow list', () => {
    const out = edit(FILE, at(['Zones', 1]), (e, s) => e.remove(s));
    expect(out).toBe(FILE.replace('[a, b, c]', '[a, c]'));
  });

  it('leaves `[]` when every element of a list goes', () => {
    const { editor, slot } = slotAt(FILE, at(['Tags']));
    const seq = (slot as { pair: Pair }).pair.value as YAMLSeq;
    for (let i = 0; i < seq.items.length; i++) editor.remove({ kind: 'item', seq, index: i, parent: slot });
    const out = editor.result();
    expect(out).toContain('      Tags: []\n      Zones: [a, b, c]\n');
    expect(out).not.toContain('CostCenter');
  });

  it('removes a nested mapping with its key when its only entry goes', () => {
    const text = 'Properties:\n  MetadataOptions:\n    HttpTokens: required\n  Name: x\n';
    const out = edit(text, ['Properties', 'MetadataOptions', 'HttpTokens'], (e, s) => e.remove(s));
    expect(out).toBe('Properties:\n  Name: x\n');
  });

  it('removes a resource between blank lines without leaving a double gap, and at the end without a trailing one', () => {
    const text = 'Resources:\n  A:\n    Type: X\n\n  # B comment\n  B:\n    Type: Y\n\n  C:\n    Type: Z\n';
    expect(edit(text, ['Resources', 'B'], (e, s) => e.remove(s))).toBe('Resources:\n  A:\n    Type: X\n\n  C:\n    Type: Z\n');
    expect(edit(text, ['Resources', 'C'], (e, s) => e.remove(s))).toBe('Resources:\n  A:\n    Type: X\n\n  # B comment\n  B:\n    Type: Y\n');
  });
});

describe('append', () => {
  const at = (path: Array<string | number>) => ['Resources', 'Db', 'Properties', ...path];

  it('appends a flow mapping element after the last one, in the siblings\' style and indentation', () => {
    const text = 'Tags:\n  - { Key: A, Value: a }\n  - { Key: B, Value: b }  # last\nNext: 1\n';
    const out = edit(text, ['Tags'], (e, s) => e.append(s, { Key: 'C', Value: 'true' }));
    expect(out).toBe('Tags:\n  - { Key: A, Value: a }\n  - { Key: B, Value: b }  # last\n  - { Key: C, Value: "true" }\nNext: 1\n');
  });

  it('appends a block mapping element when the siblings are block mappings', () => {
    const text = 'Rules:\n  - IpProtocol: tcp\n    FromPort: 22\nNext: 1\n';
    const out = edit(text, ['Rules'], (e, s) => e.append(s, { IpProtocol: 'udp', FromPort: 53 }));
    expect(out).toBe('Rules:\n  - IpProtocol: tcp\n    FromPort: 22\n  - IpProtocol: udp\n    FromPort: 53\nNext: 1\n');
  });

  it('appends to a flow list inside the brackets', () => {
    const out = edit(FILE, at(['Zones']), (e, s) => e.append(s, 'd'));
    expect(out).toBe(FILE.replace('[a, b, c]', '[a, b, c, d]'));
  });

  it('appends to the last list of a file without a final newline', () => {
    const out = edit('Tags:\n  - { Key: A, Value: a }', ['Tags'], (e, s) => e.append(s, { Key: 'B', Value: 'b' }));
    expect(out).toBe('Tags:\n  - { Key: A, Value: a }\n  - { Key: B, Value: b }\n');
  });

  it('removes and appends in the same list (a changed set element)', () => {
    const text = 'Rules:\n  - { Port: 22 }\n  - { Port: 80 }\n';
    const { editor, slot } = slotAt(text, ['Rules']);
    const seq = (slot as { pair: Pair }).pair.value as YAMLSeq;
    editor.remove({ kind: 'item', seq, index: 1, parent: slot });
    editor.append(slot, { Port: 443 });
    expect(editor.result()).toBe('Rules:\n  - { Port: 22 }\n  - { Port: 443 }\n');
  });
});

describe('conflicts', () => {
  it('refuses two edits of the same text', () => {
    const { editor, slot } = slotAt('A: 1\n', ['A']);
    editor.setValue(slot, 2);
    editor.setValue(slot, 3);
    expect(() => editor.result()).toThrow(YamlEditError);
  });

  it('refuses to remove an element that shares its line with its parent (`- - a`)', () => {
    const { editor, slot } = slotAt('L:\n  - - a\n    - b\n', ['L', 0, 0]);
    editor.remove(slot);
    expect(() => editor.result()).toThrow(YamlEditError);
  });
});
