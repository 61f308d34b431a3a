// The reasons the core gives (severity, unattended-heal verdict, heal skips, reverse-sync refusals), in
// the reader's language. The core keeps an English sentence next to a code and its parameters; English
// shows that sentence, Portuguese is written here from the code. A reason without a code (a rule the
// user wrote, a rare per-type refusal) is shown as it is.
import type { AutoHealVerdict, Severity } from '../drift/model.js';
import type { Lang } from './index.js';

type Params = Readonly<Record<string, string>>;

const SEVERITY_PT: Record<Severity, string> = { low: 'baixa', medium: 'média', high: 'alta', critical: 'crítica' };
const sev = (s: string | undefined): string => (s !== undefined && s in SEVERITY_PT ? SEVERITY_PT[s as Severity] : (s ?? '?'));
const typePt = (t: string | undefined): string =>
  t === 'missing_resource' ? 'recurso ausente' : t === 'extra_resource' ? 'recurso extra' : (t ?? '?');

const AUTO_HEAL_PT: Record<string, (p: Params) => string> = {
  eligible: (p) => `severidade ${sev(p['severity'])} dentro de auto_heal.severity_limit (${sev(p['limit'])}) e nenhuma mudança recria o recurso`,
  needs_approval: (p) => `${typePt(p['type'])} precisa da sua aprovação: reverse sync ou deploy`,
  disabled: () => 'auto_heal.enabled está desligado',
  above_severity_limit: (p) => `severidade ${sev(p['severity'])} acima de auto_heal.severity_limit (${sev(p['limit'])})`,
  no_differences: () => 'nenhuma diferença de propriedade a corrigir',
  replaces: (p) => `mudar ${p['path'] ?? '?'} recria o recurso`,
  may_replace: (p) => `mudar ${p['path'] ?? '?'} pode recriar o recurso`,
  not_in_spec: (p) => `${p['path'] ?? '?'} não está na especificação CloudFormation de ${p['type'] ?? '?'}: não dá para provar que o recurso é mantido`,
  undeclared_tags: (p) => `tags não declaradas (${p['tags'] ?? '?'}) só são removidas com auto_heal.remove_undeclared_tags: true`,
  over_max_resources: (p) => `acima de auto_heal.max_resources (${p['max'] ?? '?'})`,
};

/** Why an item is, or is not, unattended-eligible. */
export function autoHealReason(verdict: AutoHealVerdict, lang: Lang): string {
  if (lang === 'en' || verdict.code === undefined) return verdict.reason;
  return AUTO_HEAL_PT[verdict.code]?.(verdict.params ?? {}) ?? verdict.reason;
}

// The built-in severity rules (src/drift/rules.ts), by their English reason.
const SEVERITY_REASON_PT: Record<string, string> = {
  'data protection setting changed (deletion protection, backups or encryption)':
    'proteção de dados alterada (proteção contra exclusão, backups ou criptografia)',
  'network exposure changed (security groups, CIDR rules, subnets or public access)':
    'exposição de rede alterada (security groups, regras CIDR, sub-redes ou acesso público)',
  'access permissions changed (IAM roles, policies or instance profile)':
    'permissões de acesso alteradas (roles IAM, políticas ou instance profile)',
  'capacity or availability changed (instance size, count, storage, Multi-AZ or engine version)':
    'capacidade ou disponibilidade alterada (tamanho, quantidade, armazenamento, Multi-AZ ou versão do engine)',
  'description changed': 'descrição alterada',
  'stateful resource is missing: its data may be lost': 'recurso com estado ausente: os dados podem ter sido perdidos',
  'declared resource does not exist in AWS': 'recurso declarado não existe na AWS',
  'resource exists in AWS but is not declared in any phase': 'recurso existe na AWS mas não está declarado em nenhuma fase',
  'tags differ from the phase file': 'tags diferentes do arquivo de fase',
  'configuration differs from the phase file': 'configuração diferente do arquivo de fase',
};

/** A severity reason: the built-in rules' are translated, a rule the user wrote keeps its words. */
export function severityReason(reason: string, lang: Lang): string {
  return lang === 'pt' ? (SEVERITY_REASON_PT[reason] ?? reason) : reason;
}

const HEAL_SKIP_PT: Record<string, (p: Params) => string> = {
  needs_approval: (p) => `${typePt(p['type'])}: precisa da sua aprovação: reverse sync ou deploy`,
  not_eligible: (p) => {
    const inner = p['verdict'] ? AUTO_HEAL_PT[p['verdict']]?.(p) : undefined;
    return `não elegível para correção sem supervisão${inner ? `: ${inner}` : ''}`;
  },
  live_not_read: () => 'o recurso não está no estado lido da AWS',
  undeclared_tag: (p) => `tag não declarada ${p['tag'] ?? '?'}: só é removida com auto_heal.remove_undeclared_tags: true`,
  replaces: (p) => `mudar ${p['path'] ?? '?'} recria o recurso: precisa de reverse sync ou deploy`,
  no_writer: (p) => `ialctl não sabe alterar ${p['property'] ?? '?'} de ${p['type'] ?? '?'}: atualize com um deploy ou reverse sync`,
  over_max_resources: (p) => `acima de auto_heal.max_resources (${p['max'] ?? '?'}): fica para a próxima execução`,
};

/** Why a heal plan leaves something out. */
export function healSkipReason(skip: { reason: string; code?: string; params?: Params }, lang: Lang): string {
  if (lang === 'en' || skip.code === undefined) return skip.reason;
  return HEAL_SKIP_PT[skip.code]?.(skip.params ?? {}) ?? skip.reason;
}

const UNRESOLVED_PT: Record<string, string> = {
  'missing-not-selected': 'o recurso sumiu da AWS; apagar a declaração pede uma escolha explícita (--remove-missing)',
  'missing-referenced': 'o recurso sumiu da AWS, mas outros recursos ainda o referenciam: mude essas referências antes',
  intrinsic: 'o valor é calculado por uma função (!Ref, !Sub, !GetAtt…): mude à mão',
  'resource-reference': 'o valor é uma referência a outro recurso: o valor na AWS aponta para outro lugar',
  'parameter-shared': 'o valor vem de um parâmetro usado em outros lugares: mude à mão',
  'parameter-override': 'o valor vem de um parâmetro fixado por --param',
  'parameter-no-value': 'o parâmetro não tem valor a alterar',
  'parameter-allowed-values': 'o valor na AWS não está entre os AllowedValues do parâmetro',
  'sub-no-match': 'declarado com !Sub, e nenhum valor de parâmetro produz o valor da AWS',
  alias: 'o valor é compartilhado por um alias/âncora YAML: mude à mão',
  'not-found': 'a declaração não foi encontrada nos arquivos de fase',
  'required-property': 'a propriedade está vazia na AWS mas é obrigatória: corrija à mão',
  'edit-failed': 'o arquivo não pode ser editado com segurança aqui',
  'codify-failed': 'o recurso não está no estado lido da AWS',
};

/** Why a reverse sync leaves a change out of Git. */
export function unresolvedReason(u: { reason: string; code?: string }, lang: Lang): string {
  if (lang === 'en' || u.code === undefined) return u.reason;
  return UNRESOLVED_PT[u.code] ?? u.reason;
}
