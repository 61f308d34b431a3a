// Entity linking: which resource(s) of the estate a message is about. Operators name resources the
// way they see them: the logical id in any case or spacing ("web service", "webservice"), the
// physical id (sg-…, subnet-…, an ARN, rds-main-db), a type noun ("o banco", "the SG", "bastion"),
// or words of the phase file and the Name tag ("the aurora cluster", "hotfix-runner"). Deterministic:
// every candidate gets a score from the words it shares with the message; a tie is never broken
// silently (the caller asks which one, or — for one kind of resource — takes them as a type filter).
import type { DriftReport } from '../../drift/model.js';
import { fold } from './text.js';

export interface EstateResource {
  /** The id check_drift accepts: logical id, or physical id for resources outside Git. */
  id: string;
  logicalId: string | null;
  physicalId: string | null;
  resourceType: string;
  /** Drift item ids of this resource in the report. */
  itemIds: string[];
  /** Folded exact names: logical id, physical id, ARN tail, Name tag, group name. */
  names: Set<string>;
  /** Folded words from the names and the phase file's name. */
  words: Set<string>;
  /** Folded words of the drifted properties ("backup", "window", "port", "22"). */
  propertyWords: Set<string>;
}

// Properties whose value names an extra resource in the console.
const NAME_PATHS = new Set(['Tags.Name', 'GroupName', 'ClusterName', 'ServiceName', 'DBInstanceIdentifier', 'DBClusterIdentifier', 'DBSubnetGroupName']);

/** Type nouns operators use, by CloudFormation type; `weight` ranks the natural reading of a shared noun. */
const TYPE_NOUNS: Record<string, Record<string, number>> = {
  'AWS::RDS::DBInstance': { db: 2, rds: 2, postgres: 2, postgresql: 2 },
  'AWS::RDS::DBCluster': { db: 1.5, rds: 2, aurora: 2, postgres: 1.5, postgresql: 1.5, cluster: 1 },
  'AWS::RDS::DBSubnetGroup': { rds: 1 },
  'AWS::ECS::Cluster': { cluster: 2, ecs: 2 },
  'AWS::ECS::Service': { service: 2, ecs: 1, task: 1, fargate: 1 },
  'AWS::EC2::SecurityGroup': { sg: 2, firewall: 2 },
  'AWS::EC2::Instance': { instance: 2, ec2: 2, host: 1, server: 1, vm: 2, machine: 2, box: 1 },
  'AWS::EC2::Subnet': { subnet: 2 },
  'AWS::EC2::VPC': { vpc: 2, network: 1 },
};

/** Type nouns → the type filter a plural or "only …" means. */
export const TYPE_FAMILIES: Record<string, string[]> = {
  db: ['AWS::RDS::*'],
  rds: ['AWS::RDS::*'],
  aurora: ['AWS::RDS::*'],
  postgres: ['AWS::RDS::*'],
  postgresql: ['AWS::RDS::*'],
  ecs: ['AWS::ECS::*'],
  sg: ['AWS::EC2::SecurityGroup'],
  firewall: ['AWS::EC2::SecurityGroup'],
  subnet: ['AWS::EC2::Subnet'],
  instance: ['AWS::EC2::Instance'],
  ec2: ['AWS::EC2::*'],
  vpc: ['AWS::EC2::VPC'],
  cluster: ['AWS::ECS::Cluster', 'AWS::RDS::DBCluster'],
  service: ['AWS::ECS::Service'],
};

// Multi-word nouns and Portuguese words folded to one canonical English word before matching.
const PHRASES: [RegExp, string][] = [
  [/\b(security[ -]?groups?|grupos? de seguranca|grupos? seguranca)\b/g, ' sg '],
  [/\b(bancos? de dados|databases?|bancos?|base de dados|dbs)\b/g, ' db '],
  [/\b(sub-?redes?|subnets?)\b/g, ' subnet '],
  [/\b(instancias?|instances?|maquinas?|machines?|servidor(es)?|servers?|vms?|boxes)\b/g, ' instance '],
  [/\b(servicos?|services?)\b/g, ' service '],
  [/\b(clusters?)\b/g, ' cluster '],
  [/\b(tarefas?|tasks?)\b/g, ' task '],
  [/\b(janela)\b/g, ' window '],
  [/\b(portas?|ports?)\b/g, ' port '],
  [/\b(regras?|rules?)\b/g, ' rule '],
  [/\b(etiquetas?|tags?)\b/g, ' tags '],
  [/\b(protecao|protection)\b/g, ' protection '],
  [/\b(exclusao|delecao|deletion)\b/g, ' deletion '],
  [/\b(contagem|count)\b/g, ' count '],
  [/\b(desejad[oa]s?)\b/g, ' desired '],
  [/\b(principal|primary)\b/g, ' main '],
  [/\b(privad[ao]s?)\b/g, ' private '],
  [/\b(public[ao]s?)\b/g, ' public '],
  [/\b(dono|responsavel)\b/g, ' owner '],
  [/\b(centro de custo)\b/g, ' cost center '],
  [/\b(trabalhador|workers)\b/g, ' worker '],
];

/** Plural nouns ("os bancos", "the subnets") mean every resource of that kind. */
export function hasPluralTypeNoun(folded: string): boolean {
  return /\b(security groups|grupos de seguranca|bancos|databases|dbs|subnets|sub-?redes|instancias|instances|maquinas|servicos|services|clusters|sgs)\b/.test(folded);
}

/** Folded, canonical words of a message, for matching against the estate. */
export function linkWords(text: string): string[] {
  let s = ` ${fold(text)} `;
  for (const [pattern, word] of PHRASES) s = s.replace(pattern, word);
  return s.split(/[^a-z0-9]+/).filter((w) => w !== '');
}

const splitCamel = (id: string): string[] =>
  id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map(fold)
    .filter((w) => w.length > 0);

const nameWords = (name: string): string[] => fold(name).split(/[^a-z0-9]+/).filter((w) => w.length > 1);

function propertyWordsOf(path: string, value: unknown): string[] {
  const words = path.split(/[.]/).flatMap(splitCamel);
  if (/Ingress|Egress/.test(path)) {
    words.push('rule', 'port');
    const rule = value as Record<string, unknown> | undefined;
    if (rule && typeof rule === 'object') {
      if (rule['FromPort'] !== undefined) words.push(String(rule['FromPort']));
      if (rule['FromPort'] === 22) words.push('ssh');
    }
  }
  return words;
}

// Environment words are in every name of an estate ("shop-prod-…"): they say which account, not which resource.
const ENVIRONMENT_WORDS = new Set(['prod', 'production', 'prd', 'dev', 'develop', 'stg', 'staging', 'stage', 'test', 'qa', 'hml', 'uat', 'sandbox']);

/** The resources the report knows, with every name and word they can be called by. */
export function estateOf(report: DriftReport | undefined): EstateResource[] {
  const byId = new Map<string, EstateResource>();
  if (report === undefined) return [];
  for (const item of report.items) {
    const id = item.logicalId ?? item.physicalId;
    if (id === null) continue;
    let r = byId.get(id);
    if (r === undefined) {
      r = { id, logicalId: item.logicalId, physicalId: item.physicalId, resourceType: item.resourceType, itemIds: [], names: new Set(), words: new Set(), propertyWords: new Set() };
      byId.set(id, r);
    }
    r.itemIds.push(item.id);
    if (item.logicalId) {
      r.names.add(fold(item.logicalId));
      for (const w of splitCamel(item.logicalId)) r.words.add(w);
    }
    if (item.physicalId) {
      r.names.add(fold(item.physicalId));
      const tail = item.physicalId.split(/[/:]/).pop();
      if (tail) r.names.add(fold(tail));
    }
    if (item.file) for (const w of nameWords(item.file.split('/').pop()?.replace(/\.ya?ml$/, '').replace(/^\d+-/, '') ?? '')) r.words.add(w);
    for (const d of item.differences) {
      if (item.type === 'extra_resource' && NAME_PATHS.has(d.path) && typeof d.actual === 'string') {
        r.names.add(fold(d.actual));
        for (const w of nameWords(d.actual)) r.words.add(w);
      }
      if (item.type !== 'extra_resource') for (const w of propertyWordsOf(d.path, d.actual ?? d.expected)) r.propertyWords.add(w);
    }
  }
  // Words most resources share ("shop", "prod", "tags") tell none of them apart.
  const all = [...byId.values()];
  const count = new Map<string, number>();
  for (const r of all) for (const w of r.words) count.set(w, (count.get(w) ?? 0) + 1);
  for (const r of all) {
    for (const w of [...r.words]) if ((count.get(w) ?? 0) >= Math.max(3, all.length / 3) || w.length < 2 || ENVIRONMENT_WORDS.has(w)) r.words.delete(w);
  }
  return all;
}

// Parts of property paths too common to say which property is meant.
const GENERIC_PROPERTY_WORDS = new Set(['tags', 'value', 'settings', 'preferred', 'security', 'group', 'cluster', 'name', 'id']);

export interface Link {
  resource: EstateResource;
  score: number;
  /** Named outright (exact logical/physical id or Name tag), not inferred from words. */
  exact: boolean;
  /** Matched on type nouns only. */
  byTypeOnly: boolean;
}

/** Phrases of 1–3 adjacent words glued together: "web service" → "webservice", "main db" → "maindb". */
function gluedPhrases(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    let glued = '';
    for (let j = i; j < Math.min(words.length, i + 3); j++) {
      glued += words[j];
      out.add(glued);
    }
  }
  return out;
}

// Every token as typed that could be an id: "sg-0c1d…", "rds-main-db", an ARN.
const rawIds = (text: string): string[] => (fold(text).match(/[a-z0-9][a-z0-9\-_:/.]*[a-z0-9]/g) ?? []).map((t) => t.replace(/[.:/]+$/, ''));

/** Candidates for the message, best first. Empty when it names nothing of the estate. */
export function linkResources(text: string, estate: readonly EstateResource[]): Link[] {
  const words = linkWords(text);
  const glued = gluedPhrases(words);
  const ids = new Set(rawIds(text));
  const links: Link[] = [];
  for (const r of estate) {
    // 2: an id typed whole ("rds-main-db", an ARN); 1: a name spelled with spaces ("web service").
    let exactLevel = 0;
    for (const name of r.names) {
      // A short plain word ("web", a service's name) is a word of the message before it is a name.
      if (name.length < 5 && !/[-_:/0-9]/.test(name)) continue;
      if (ids.has(name)) exactLevel = 2;
      else if (name.length >= 4 && glued.has(name.replace(/[^a-z0-9]/g, ''))) exactLevel = Math.max(exactLevel, 1);
    }
    const exact = exactLevel > 0;
    let nameScore = 0;
    let typeScore = 0;
    let propertyScore = 0;
    const nouns = TYPE_NOUNS[r.resourceType] ?? {};
    const seen = new Set<string>();
    for (const w of words) {
      if (seen.has(w)) continue;
      seen.add(w);
      if (nouns[w] !== undefined) typeScore += nouns[w];
      else if (r.words.has(w)) nameScore += 1.5;
      if (r.propertyWords.has(w) && nouns[w] === undefined && !GENERIC_PROPERTY_WORDS.has(w)) propertyScore += 1;
    }
    if (!exact && nameScore === 0 && typeScore === 0 && propertyScore === 0) continue;
    const score = exactLevel * 100 + nameScore + typeScore + propertyScore;
    links.push({ resource: r, score, exact, byTypeOnly: !exact && nameScore === 0 && propertyScore === 0 });
  }
  return links.sort((a, b) => b.score - a.score);
}

export type Resolution =
  | { kind: 'none' }
  | { kind: 'one'; resource: EstateResource }
  | { kind: 'several'; resources: EstateResource[] }
  /** A kind of resource (a type noun, plural or shared by a tie): a type filter. */
  | { kind: 'type'; types: string[]; resources: EstateResource[] }
  | { kind: 'ambiguous'; candidates: EstateResource[] };

function familyOf(resourceType: string): string {
  return resourceType.split('::').slice(0, 2).join('::');
}

/** What the message refers to: one resource, a kind of resource, several named ones, or "which one?". */
export function resolveMention(text: string, estate: readonly EstateResource[]): Resolution {
  const links = linkResources(text, estate);
  if (links.length === 0) return { kind: 'none' };
  // An id typed whole outranks a name glued from the words of that id ("…/shop-prod/web" is the service, not the cluster shop-prod).
  const best = links[0] as Link;
  const exact = links.filter((l) => l.exact && Math.floor(l.score / 100) === Math.floor(best.score / 100));
  if (exact.length === 1) return { kind: 'one', resource: (exact[0] as Link).resource };
  if (exact.length > 1) return { kind: 'several', resources: exact.map((l) => l.resource) };
  const words = linkWords(text);
  const nounsSaid = words.filter((w) => TYPE_FAMILIES[w] !== undefined);
  const top = links[0] as Link;
  const plural = hasPluralTypeNoun(fold(text));
  // A type noun alone ("o banco", "the SG") means every resource of that kind the noun fits.
  const tied = top.byTypeOnly
    ? links.filter((l) => l.byTypeOnly && (plural || (familyOf(l.resource.resourceType) === familyOf(top.resource.resourceType) && l.score >= top.score - 0.5)))
    : links.filter((l) => l.score === top.score);
  const allTypeOnly = tied.every((l) => l.byTypeOnly);
  // "só RDS", "just the ECS drift": a kind of resource, whatever resource of it scores best.
  const restrictive = /\b(so|apenas|somente|only|just)\b/.test(fold(text));
  if (allTypeOnly && restrictive && nounsSaid.length > 0) {
    const types = TYPE_FAMILIES[nounsSaid[0] as string] ?? [];
    if (types.length > 0) return { kind: 'type', types, resources: links.filter((l) => types.some((t) => globMatches(t, l.resource.resourceType))).map((l) => l.resource) };
  }
  if (allTypeOnly && nounsSaid.length > 0 && (plural || tied.length > 1)) {
    const families = new Set(tied.map((l) => familyOf(l.resource.resourceType)));
    if (families.size === 1 || plural) {
      const noun = nounsSaid.find((n) => tied.some((l) => (TYPE_NOUNS[l.resource.resourceType] ?? {})[n] !== undefined)) ?? (nounsSaid[0] as string);
      const types = TYPE_FAMILIES[noun] ?? [...new Set(tied.map((l) => l.resource.resourceType))];
      const matching = links.filter((l) => types.some((t) => globMatches(t, l.resource.resourceType))).map((l) => l.resource);
      return { kind: 'type', types, resources: matching };
    }
  }
  if (tied.length === 1) return { kind: 'one', resource: top.resource };
  return { kind: 'ambiguous', candidates: tied.map((l) => l.resource) };
}

export function globMatches(glob: string, type: string): boolean {
  return glob.endsWith('*') ? type.startsWith(glob.slice(0, -1)) : glob === type;
}
