import { describe, expect, test } from 'vitest';
import { makeReport } from './fixtures.test-helper.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

const pending = [{ id: 'p1', stack: 'acme-web', file: 'phases/10-compute/02-ecs.yaml', line: 31, logicalId: 'Service', path: 'DesiredCount', git: 5, deployed: { Ref: 'DesiredCount' } }];
const report = { ...makeReport(), pendingDeploy: pending, summary: { ...makeReport().summary, pendingDeploy: 1 } };

describe('pending deploy: its own section in every format, never an item', () => {
  test('text, en and pt', () => {
    const en = renderText(report, { lang: 'en', color: false });
    expect(en).toContain('Pending deploy (1)\n');
    expect(en).toContain('  • Service (acme-web) DesiredCount: Git 5, deployed {"Ref":"DesiredCount"}  phases/10-compute/02-ecs.yaml:31');
    expect(renderText(report, { lang: 'pt', color: false })).toContain('Deploy pendente (1)\n');
    expect(renderText(makeReport(), { lang: 'en', color: false })).not.toContain('Pending deploy');
  });

  test('markdown', () => {
    expect(renderMarkdown(report, { lang: 'en' })).toContain('### Pending deploy (1)');
  });

  test('JSON carries the entries and the count', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.pendingDeploy).toEqual(pending);
    expect(json.summary.pendingDeploy).toBe(1);
  });

  test('SARIF: a note notification at the file and line, no result', () => {
    const sarif = JSON.parse(renderSarif(report, { lang: 'en', toolVersion: '0.0.0' }));
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.filter((n: { level: string }) => n.level === 'note');
    expect(notes.map((n: { message: { text: string } }) => n.message.text)).toEqual(['Service (acme-web) DesiredCount changed in Git but not deployed to stack acme-web']);
    expect(notes[0].locations[0].physicalLocation.region.startLine).toBe(31);
    expect(sarif.runs[0].results.length).toBe(report.items.length);
  });
});
