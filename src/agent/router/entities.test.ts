// Entity linking over the real demo report: every way an operator names a resource.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../drift/model.js';
import { demoEngine } from '../../../test/agent/helpers/demo.js';
import { estateOf, resolveMention, type EstateResource, type Resolution } from './entities.js';

let estate: EstateResource[];
beforeAll(async () => {
  const engine = demoEngine();
  const report: DriftReport = (await engine.checkDrift()).report;
  engine.close();
  estate = estateOf(report);
});

const one = (r: Resolution): string | undefined => (r.kind === 'one' ? r.resource.id : undefined);

describe('resolveMention', () => {
  it.each([
    ['como tá o web service?', 'WebService'],
    ['diff webservice', 'WebService'],
    ['WEB SERVICE status', 'WebService'],
    ['o que mudou no rds-main-db', 'MainDb'],
    ['is subnet-0e3a5c7b9d1f24680 clean?', 'PrivateSubnetA'],
    ['qual a diferença no sg-0c1d2e3f4a5b6c7d8', 'WebSecurityGroup'],
    ['arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web', 'WebService'],
    ['a janela de backup do banco principal', 'MainDb'],
    ['the aurora cluster, anything off?', 'MainCluster'],
    ['where did that hotfix-runner box come from?', 'i-0f1e2d3c4b5a69788'],
    ['o worker sumiu?', 'WorkerService'],
    ['the bastion host', 'Bastion'],
    ['o grupo de segurança da web', 'WebSecurityGroup'],
    ['the ecs cluster', 'WebCluster'],
    ['a subnet privada', 'PrivateSubnetA'],
  ])('%s → %s', (text, id) => {
    expect(one(resolveMention(text, estate))).toBe(id);
  });

  it('a type noun alone means every resource of that kind: "o banco" is the Aurora cluster and its instance', () => {
    const r = resolveMention('e o banco?', estate);
    expect(r.kind).toBe('type');
    if (r.kind !== 'type') return;
    expect(r.types).toEqual(['AWS::RDS::*']);
    expect(r.resources.map((x) => x.id).sort()).toEqual(['MainCluster', 'MainDb']);
  });

  it('"só RDS" and plural nouns are type filters', () => {
    expect(resolveMention('só RDS', estate)).toMatchObject({ kind: 'type', types: ['AWS::RDS::*'] });
    expect(resolveMention('drift on the security groups?', estate)).toMatchObject({ kind: 'type', types: ['AWS::EC2::SecurityGroup'] });
    expect(resolveMention('just the ECS drift', estate)).toMatchObject({ kind: 'type', types: ['AWS::ECS::*'] });
  });

  it('two resources named outright are both kept', () => {
    const r = resolveMention('diff MainDb and rds-main-cluster', estate);
    expect(r.kind).toBe('several');
    if (r.kind === 'several') expect(r.resources.map((x) => x.id).sort()).toEqual(['MainCluster', 'MainDb']);
  });

  it('a tie between different kinds is never guessed: the candidates come back', () => {
    const r = resolveMention('what about the web one', estate);
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.candidates.map((x) => x.id).sort()).toEqual(['WebCluster', 'WebSecurityGroup', 'WebService']);
  });

  it('a message that names nothing links to nothing', () => {
    expect(resolveMention('verificar drift', estate)).toEqual({ kind: 'none' });
    expect(resolveMention('is prod still matching git?', estate)).toEqual({ kind: 'none' });
  });
});
