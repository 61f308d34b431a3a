// "In sync" is said only of what was compared: a report whose declared resources were all or partly
// not checked says how much was compared, in every output, in both languages.
import { describe, expect, it } from 'vitest';
import { makeReport } from './fixtures.test-helper.js';
import { checkCoverage, isFullyCompared, noDriftMessage, reasonList } from './coverage.js';
import { renderText } from './text.js';
import { renderMarkdown } from './markdown.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderDiff } from './diff.js';
import { catalogue } from '../../i18n/index.js';
import type { DriftReport, NotCheckedResource } from '../model.js';

const NO_IDENTITY = 'no identity: Metadata.IAL.PhysicalId or a resolvable Name tag is needed';

function notChecked(logicalId: string, reason: string): NotCheckedResource {
  return { logicalId, resourceType: 'AWS::EC2::VPC', reason, file: 'phases/00-net/01-vpc.yaml', line: 2 };
}

/** One declared resource, not compared: the "against an empty account" case of the issue. */
function nothingCompared(): DriftReport {
  return makeReport({
    notChecked: { resources: [notChecked('Vpc', NO_IDENTITY)], properties: [] },
    summary: { resources: 1, inSync: 0, drifted: 0, notChecked: 1, declared: 1, checked: 0 },
  });
}

/** Three declared, one compared and in sync, two not compared for the same reason. */
function partlyCompared(): DriftReport {
  return makeReport({
    notChecked: { resources: [notChecked('A', NO_IDENTITY), notChecked('B', NO_IDENTITY)], properties: [] },
    summary: { resources: 3, inSync: 1, drifted: 0, notChecked: 2, declared: 3, checked: 1 },
  });
}

describe('checkCoverage', () => {
  it('counts declared, compared and not-compared resources and groups the reasons, most frequent first', () => {
    const report = makeReport({
      notChecked: { resources: [notChecked('A', 'r1'), notChecked('B', 'r2'), notChecked('C', 'r2')], properties: [] },
      summary: { notChecked: 3, declared: 4, checked: 1 },
    });
    expect(checkCoverage(report)).toEqual({
      declared: 4,
      checked: 1,
      notChecked: 3,
      reasons: [
        { reason: 'r2', count: 2 },
        { reason: 'r1', count: 1 },
      ],
    });
    expect(isFullyCompared(report)).toBe(false);
    expect(isFullyCompared(makeReport())).toBe(true);
    expect(isFullyCompared(makeReport({ complete: false }))).toBe(false);
  });

  it('lists at most three reasons and says how many more there are', () => {
    const reasons = ['a', 'b', 'c', 'd', 'e'].map((reason) => ({ reason, count: 1 }));
    expect(reasonList(reasons, (t) => t.toUpperCase(), (n) => `+${n}`)).toBe('A; B; C; +2');
  });

  it('says "in sync" only when every declared resource was compared', () => {
    const en = catalogue('en');
    expect(noDriftMessage(makeReport(), en)).toEqual({ inSync: true, text: 'In sync: all 3 resources match the phase files.' });
    expect(noDriftMessage(nothingCompared(), en).inSync).toBe(false);
    expect(noDriftMessage(partlyCompared(), en).inSync).toBe(false);
  });
});

describe('text report', () => {
  it('nothing compared (en): a partial-check line with the reason, never "In sync" or "Check complete"', () => {
    const text = renderText(nothingCompared(), { lang: 'en', color: false });
    const lines = text.split('\n');
    expect(lines[2]).toBe(`PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: ${NO_IDENTITY}`);
    expect(lines).toContain('  Resources: 1 · Compared: 0 of 1 declared · In sync: 0 · With drift: 0 · Not checked: 1');
    expect(lines).toContain('Nothing was compared with AWS: no declared resource could be checked, so none is called in sync (see above).');
    expect(lines).toContain('  ialctl drift check --detail  list each resource that was not checked, with the reason');
    expect(text).not.toMatch(/In sync:.*match|Check complete|✔/);
  });

  it('nothing compared (pt): the same in Portuguese', () => {
    const text = renderText(nothingCompared(), { lang: 'pt', color: false });
    const lines = text.split('\n');
    expect(lines[2]).toBe(`VERIFICAÇÃO PARCIAL: 0 de 1 recursos declarados comparados; 1 não verificado: ${NO_IDENTITY}`);
    expect(lines).toContain('  Recursos: 1 · Comparados: 0 de 1 declarado · Em sincronia: 0 · Com drift: 0 · Não verificados: 1');
    expect(lines).toContain(
      'Nada foi comparado com a AWS: nenhum recurso declarado pôde ser verificado, então nenhum é dado como em sincronia (veja acima).',
    );
    expect(text).not.toMatch(/Tudo em sincronia|Verificação completa|✔/);
  });

  it('partly compared: counts the reason once with its multiplicity and speaks only of the compared resource', () => {
    const lines = renderText(partlyCompared(), { lang: 'en', color: false }).split('\n');
    expect(lines[2]).toBe(`PARTIAL CHECK: 1 of 3 declared resources compared; 2 not checked: ${NO_IDENTITY} (×2)`);
    expect(lines).toContain('No drift in the 1 resource compared; the others were not compared, so they are not called in sync (see above).');
  });

  it('a fully compared report keeps its "Check complete" and "In sync" lines', () => {
    const lines = renderText(makeReport(), { lang: 'en', color: false }).split('\n');
    expect(lines[2]).toBe('Check complete: every declared resource type was read.');
    expect(lines).toContain('✔ In sync: all 3 resources match the phase files.');
  });
});

describe('markdown, JSON, SARIF and diff', () => {
  it('markdown: the partial line as a quote, a Compared row, and no ✅', () => {
    const md = renderMarkdown(nothingCompared(), { lang: 'en' });
    expect(md).toContain(`> **PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: \`${NO_IDENTITY}\`**`);
    expect(md).toContain('| Compared | 0 of 1 declared |');
    expect(md).toContain('⚠️ Nothing was compared with AWS');
    expect(md).not.toContain('✅');
    expect(md).not.toContain('Check complete');
  });

  it('markdown (pt): the same in Portuguese', () => {
    const md = renderMarkdown(nothingCompared(), { lang: 'pt' });
    expect(md).toContain(`> **VERIFICAÇÃO PARCIAL: 0 de 1 recursos declarados comparados; 1 não verificado: \`${NO_IDENTITY}\`**`);
    expect(md).toContain('| Comparados | 0 de 1 declarado |');
    expect(md).not.toContain('✅');
  });

  it('JSON: summary.declared and summary.checked after the contract fields', () => {
    const parsed = JSON.parse(renderJson(nothingCompared()));
    expect(parsed.summary).toMatchObject({ resources: 1, inSync: 0, notChecked: 1, declared: 1, checked: 0 });
    expect(Object.keys(parsed.summary).slice(0, 6)).toEqual(['resources', 'inSync', 'drifted', 'bySeverity', 'byType', 'coverage']);
  });

  it('SARIF: a warning notification on the run and fullyCompared false', () => {
    const sarif = JSON.parse(renderSarif(nothingCompared(), { lang: 'en', toolVersion: '1.0.0', declared: [] }));
    const run = sarif.runs[0];
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: `PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: ${NO_IDENTITY}` } },
    ]);
    expect(run.properties.fullyCompared).toBe(false);
    expect(run.properties.summary).toMatchObject({ declared: 1, checked: 0 });
    const clean = JSON.parse(renderSarif(makeReport(), { lang: 'en', toolVersion: '1.0.0', declared: [] }));
    expect(clean.runs[0].invocations[0].toolExecutionNotifications).toEqual([]);
    expect(clean.runs[0].properties.fullyCompared).toBe(true);
  });

  it('diff with no findings: says nothing was compared instead of "in sync"', () => {
    expect(renderDiff(nothingCompared(), { lang: 'en', color: false }).text).toBe(
      'Nothing was compared with AWS: no declared resource could be checked, so none is called in sync (see above).\n',
    );
  });
});
