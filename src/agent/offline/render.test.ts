// The offline assistant's check reply never calls resources "in sync" that were not compared.
import { describe, expect, it } from 'vitest';
import { makeReport } from '../../drift/report/fixtures.test-helper.js';
import { renderCheck, texts } from './render.js';

const notCompared = () =>
  makeReport({
    notChecked: { resources: [{ logicalId: 'Topic', resourceType: 'AWS::SNS::Topic', reason: 'ialctl does not read AWS::SNS::Topic yet', file: 'p.yaml', line: 2 }], properties: [] },
    summary: { resources: 1, inSync: 0, drifted: 0, notChecked: 1, declared: 1, checked: 0 },
  });

describe('renderCheck', () => {
  it('nothing compared (en): how much was compared and why, no "in sync"', () => {
    expect(renderCheck(notCompared(), texts('en'), false)).toBe(
      'No drift in what was compared, but only 0 of 1 declared resources were compared; the others were not checked (ialctl does not read AWS::SNS::Topic yet), so I do not call them in sync.',
    );
  });

  it('nothing compared (pt): the same in Portuguese', () => {
    const reply = renderCheck(notCompared(), texts('pt'), false);
    expect(reply).toBe(
      'Nenhum drift no que foi comparado, mas só 0 de 1 recursos declarados foram comparados; os outros não foram verificados (ialctl does not read AWS::SNS::Topic yet), então não digo que estão em sincronia.',
    );
  });

  it('everything compared and no drift: in sync', () => {
    expect(renderCheck(makeReport(), texts('en'), false)).toBe('Everything is in sync: 3 resources match the phase files.');
  });
});
