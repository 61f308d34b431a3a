import { describe, expect, it } from 'vitest';
import { describeRule, describeRules } from './security-rules.js';
import { compactValue } from './values.js';

describe('security group rules read as firewall lines', () => {
  it.each([
    [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, 'ingress', 'tcp 22 from 0.0.0.0/0'],
    [{ IpProtocol: 'tcp', FromPort: 8000, ToPort: 8100, SourceSecurityGroupId: 'sg-0abc' }, 'ingress', 'tcp 8000-8100 from sg-0abc'],
    [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }, 'egress', 'all traffic to 0.0.0.0/0'],
    [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' }, 'egress', 'tcp 443 to ::/0'],
    [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourcePrefixListId: 'pl-0123' }, 'ingress', 'tcp 5432 from pl-0123'],
    [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-0456' }, 'egress', 'tcp 443 to pl-0456'],
    [{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, CidrIp: '10.0.0.0/8' }, 'ingress', 'icmp type 8 from 10.0.0.0/8'],
    [{ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, CidrIp: '10.0.0.0/16' }, 'ingress', 'udp all ports from 10.0.0.0/16'],
  ] as const)('%j (%s) → %s', (rule, direction, expected) => {
    expect(describeRule(rule, direction)).toBe(expected);
  });

  it('speaks Portuguese and keeps the description', () => {
    expect(describeRule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', Description: 'ssh' }, 'ingress', 'pt'))
      .toBe('tcp 22 de 0.0.0.0/0 "ssh"');
    expect(describeRule({ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }, 'egress', 'pt')).toBe('todo o tráfego para 0.0.0.0/0');
  });

  it('lists several rules; compactValue never cuts them, whatever the width', () => {
    const rules = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.0/24' },
    ];
    expect(describeRules(rules, 'ingress')).toBe('tcp 443 from 0.0.0.0/0; tcp 22 from 203.0.113.0/24');
    expect(compactValue(rules, 10, { path: 'SecurityGroupIngress' })).toBe('tcp 443 from 0.0.0.0/0; tcp 22 from 203.0.113.0/24');
    expect(compactValue(rules[0], 10, { path: 'SecurityGroupEgress', lang: 'pt' })).toBe('tcp 443 para 0.0.0.0/0');
    // Anything else is still cut to fit.
    expect(compactValue({ Key: 'a-long-tag-key', Value: 'x' }, 10)).toBe('{"Key":"a…');
  });

  it('sanitizes AWS text inside a rule', () => {
    expect(describeRule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', Description: 'a\u001b[31mred' }, 'ingress'))
      .not.toContain('\u001b');
  });
});
