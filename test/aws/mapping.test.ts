import { describe, expect, it } from 'vitest';
import { securityGroupRules } from '../../src/aws/readers/ec2.js';
import { applyTable, cfnTags, pascalCaseKeys } from '../../src/aws/readers/mapping.js';

describe('securityGroupRules', () => {
  it('keeps the owner only for cross-account peers and maps prefix lists per direction', () => {
    const permissions = [
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        UserIdGroupPairs: [
          { GroupId: 'sg-local', UserId: '111111111111' },
          { GroupId: 'sg-remote', UserId: '222222222222', Description: 'partner' },
        ],
        PrefixListIds: [{ PrefixListId: 'pl-123' }],
      },
    ];
    expect(securityGroupRules(permissions, 'ingress', '111111111111')).toStrictEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourcePrefixListId: 'pl-123' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-local' },
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: 'sg-remote',
        SourceSecurityGroupOwnerId: '222222222222',
        Description: 'partner',
      },
    ]);
    expect(securityGroupRules(permissions, 'egress', '111111111111')).toStrictEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-123' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: 'sg-local' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: 'sg-remote', Description: 'partner' },
    ]);
  });

  it('yields no rules for no permissions', () => {
    expect(securityGroupRules(undefined, 'ingress', undefined)).toEqual([]);
  });
});

describe('mapping helpers', () => {
  it('applyTable leaves out values AWS did not report (undefined, null, empty string) but keeps false, 0 and []', () => {
    const table = { A: () => undefined, B: () => null, C: () => '', D: () => false, E: () => 0, F: () => [] };
    expect(applyTable(table, {})).toStrictEqual({ D: false, E: 0, F: [] });
  });

  it('cfnTags sorts by key and keeps empty values', () => {
    expect(cfnTags([{ Key: 'b', Value: '' }, { Key: 'a', Value: '1' }, { Value: 'orphan' }])).toStrictEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '' },
    ]);
  });

  it('pascalCaseKeys converts nested members, dates and drops undefined', () => {
    expect(
      pascalCaseKeys({
        deploymentCircuitBreaker: { enable: true, rollback: undefined },
        alarms: [{ alarmNames: ['a'] }],
        createdAt: new Date('2025-01-02T03:04:05.000Z'),
      }),
    ).toStrictEqual({
      DeploymentCircuitBreaker: { Enable: true },
      Alarms: [{ AlarmNames: ['a'] }],
      CreatedAt: '2025-01-02T03:04:05.000Z',
    });
  });
});
