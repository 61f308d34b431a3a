// Security group rules read as a firewall line (`tcp 22 from 0.0.0.0/0`), never as cut JSON: the
// source range is the value an operator must see whole, so these lines are never truncated.
import type { Json, JsonObject } from '../model.js';
import { sanitize } from './sanitize.js';

export type RuleDirection = 'ingress' | 'egress';
type RuleLang = 'pt' | 'en';

const WORDS: Record<RuleLang, { from: string; to: string; all: string; ports: string; type: string; code: string }> = {
  en: { from: 'from', to: 'to', all: 'all traffic', ports: 'all ports', type: 'type', code: 'code' },
  pt: { from: 'de', to: 'para', all: 'todo o tráfego', ports: 'todas as portas', type: 'tipo', code: 'código' },
};

const PEERS = ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId',
  'DestinationSecurityGroupId', 'DestinationPrefixListId'] as const;

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A CloudFormation security group rule (ingress or egress): it names a protocol. */
export function isSecurityRule(value: Json | undefined): value is JsonObject {
  return isObject(value) && 'IpProtocol' in value;
}

/** A rule or a non-empty list of rules. */
export function isSecurityRuleValue(value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => isSecurityRule(v));
  return isSecurityRule(value);
}

/** The direction a difference path implies: egress rules go *to* their peer. */
export function ruleDirection(path: string | undefined): RuleDirection {
  return path !== undefined && path.startsWith('SecurityGroupEgress') ? 'egress' : 'ingress';
}

function text(v: Json | undefined): string {
  return sanitize(v === undefined || v === null ? '' : String(v));
}

function portsOf(rule: JsonObject, lang: RuleLang): string {
  const w = WORDS[lang];
  const protocol = text(rule['IpProtocol']).toLowerCase();
  const from = rule['FromPort'];
  const to = rule['ToPort'];
  if (protocol === 'icmp' || protocol === '1' || protocol === 'icmpv6' || protocol === '58') {
    const type = from === undefined || from === -1 ? '' : ` ${w.type} ${text(from)}`;
    const code = to === undefined || to === -1 ? '' : ` ${w.code} ${text(to)}`;
    return `${type}${code}`;
  }
  if (from === undefined && to === undefined) return '';
  if (from === -1 || (from === 0 && to === 65535)) return ` ${w.ports}`;
  if (to === undefined || from === to) return ` ${text(from)}`;
  return ` ${text(from)}-${text(to)}`;
}

/** `tcp 22 from 0.0.0.0/0`, `tcp 8000-8100 from sg-0ab…`, `all traffic to ::/0` (pt: `de`, `para`, `todo o tráfego`). */
export function describeRule(rule: JsonObject, direction: RuleDirection, lang: RuleLang = 'en'): string {
  const w = WORDS[lang];
  const protocol = text(rule['IpProtocol']).toLowerCase();
  const head = protocol === '-1' || protocol === 'all' ? w.all : `${protocol}${portsOf(rule, lang)}`;
  const peers = PEERS.filter((k) => rule[k] !== undefined && rule[k] !== null).map((k) => {
    const owner = k === 'SourceSecurityGroupName' && rule['SourceSecurityGroupOwnerId'] !== undefined
      ? ` (${text(rule['SourceSecurityGroupOwnerId'])})` : '';
    return `${text(rule[k])}${owner}`;
  });
  const peer = peers.length > 0 ? ` ${direction === 'egress' ? w.to : w.from} ${peers.join(', ')}` : '';
  const description = rule['Description'] !== undefined && rule['Description'] !== '' ? ` "${text(rule['Description'])}"` : '';
  return `${head}${peer}${description}`;
}

/** A rule or a list of rules on one line, rules separated by `; `. */
export function describeRules(value: Json, direction: RuleDirection, lang: RuleLang = 'en'): string {
  const rules = Array.isArray(value) ? value : [value];
  return rules.filter(isSecurityRule).map((r) => describeRule(r, direction, lang)).join('; ');
}
