import type { Catalogue } from './types.js';

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

/** Hints for the read error codes ialctl raises itself (src/aws: aws-answer.ts, pagination.ts). */
const READ_ERROR_HINTS: Readonly<Record<string, string>> = {
  NotAnAwsAnswer: 'há um proxy no caminho? Verifique --endpoint-url e HTTPS_PROXY.',
  PaginationLoop:
    'há um proxy ou cache repetindo respostas? Verifique --endpoint-url e HTTPS_PROXY; se persistir contra a própria AWS, tente mais tarde.',
  TooManyPages:
    'uma listagem tão longa costuma indicar algo no caminho entregando tokens de página novos sem fim: verifique --endpoint-url e HTTPS_PROXY.',
};

export const ptBR: Catalogue = {
  common: {
    severity: { critical: 'crítico', high: 'alto', medium: 'médio', low: 'baixo' },
    driftType: {
      missing_resource: 'recurso ausente',
      extra_resource: 'recurso extra',
      configuration_drift: 'configuração alterada',
      tag_drift: 'tags divergentes',
    },
    listSeparator: ', ',
  },
  report: {
    title: 'Relatório de drift',
    region: (region) => `região ${region}`,
    account: (accountId) => `conta ${accountId}`,
    generatedAt: (iso) => `Gerado em ${iso}`,
    complete: 'Verificação completa: todos os tipos de recurso declarados foram lidos.',
    incomplete: (n) => `VERIFICAÇÃO INCOMPLETA: ${plural(n, 'erro de leitura', 'erros de leitura')}`,
    errorTypes: (types) => `tipos não verificados: ${types}`,
    errorMissingPermission: (action) => `permissão faltando: ${action}`,
    errorHint: (code) => (Object.hasOwn(READ_ERROR_HINTS, code) ? READ_ERROR_HINTS[code] : undefined),
    notCheckedWarning: 'Recursos desses tipos NÃO foram verificados e não aparecem como ausentes.',

    summaryTitle: 'Resumo',
    resources: 'Recursos',
    inSync: 'Em sincronia',
    drifted: 'Com drift',
    notChecked: 'Não verificados',
    severityLabel: 'Severidade',
    coverageLabel: 'Cobertura',
    coverage: (compared, notChecked) =>
      `${plural(compared, 'propriedade comparada', 'propriedades comparadas')}, ` +
      `${notChecked} ${notChecked === 1 ? 'não verificada' : 'não verificadas'}`,

    added: (path, value) => `+ ${path} = ${value} (não declarado no Git)`,
    removed: (path) => `- ${path} (declarado, ausente na AWS)`,
    missingResource: 'declarado no Git, ausente na AWS',
    extraResource: 'existe na AWS, não declarado no Git',
    notInGit: 'fora do Git',
    reasons: (reasons) => `motivo: ${reasons}`,
    autoHealEligible: 'auto-heal: elegível (corrige sem supervisão)',
    autoHealNotEligible: (reason) => `auto-heal: não elegível (${reason})`,

    inSyncAll: (n) =>
      n === 1
        ? 'Tudo em sincronia: o recurso bate com os arquivos de fase.'
        : `Tudo em sincronia: os ${n} recursos batem com os arquivos de fase.`,
    noDriftButIncomplete: 'Nenhum drift nos recursos verificados, mas a verificação está incompleta (veja acima).',
    partial: (checked, declared, notChecked, reasons) =>
      `VERIFICAÇÃO PARCIAL: ${checked} de ${declared} recursos declarados comparados; ` +
      `${notChecked} ${notChecked === 1 ? 'não verificado' : 'não verificados'}: ${reasons}`,
    moreReasons: (n) => `e mais ${plural(n, 'motivo', 'motivos')}`,
    noDriftButNotChecked: (checked) =>
      `${checked === 1 ? 'Nenhum drift no recurso comparado' : `Nenhum drift nos ${checked} recursos comparados`}; ` +
      'os outros não foram comparados, então não são dados como em sincronia (veja acima).',
    nothingCompared: 'Nada foi comparado com a AWS: nenhum recurso declarado pôde ser verificado, então nenhum é dado como em sincronia (veja acima).',
    comparedLabel: 'Comparados',
    comparedOf: (checked, declared) => `${checked} de ${declared} ${declared === 1 ? 'declarado' : 'declarados'}`,
    stepDetail: 'listar cada recurso não verificado, com o motivo',

    notCheckedTitle: 'Não verificado',

    nextStepsTitle: 'Próximos passos',
    stepDiff: 'ver as diferenças por propriedade',
    stepHeal: (unattended, approval) =>
      `planejar a correção (simulação): ${approval === 1 ? '1 item corrigível' : `${approval} itens corrigíveis`} com a sua aprovação, ${unattended === 1 ? '1 elegível' : `${unattended} elegíveis`} para auto-heal sem supervisão`,
    stepHealApply: 'corrigir na AWS depois da sua confirmação',
    stepReverseSyncResource: 'levar só este recurso para o Git',
    arrowLegend: 'Diferenças: valor no Git → valor na AWS',
    stepReverseSync: 'pré-visualizar as mudanças da AWS indo para o Git (branch + PR)',
    stepRecheck: 'rodar de novo depois de corrigir os erros de leitura acima',

    metric: 'Métrica',
    value: 'Valor',
    columnResource: 'Recurso',
    columnType: 'Tipo',
    columnChange: 'Mudança',
    columnFile: 'Arquivo',
    moreDifferences: (n) => `… e mais ${n}`,
  },
  diff: {
    expected: 'esperado (Git)',
    actual: 'atual (AWS)',
    notFound: (name) => `Nenhum drift reportado para "${name}".`,
    suggestions: (names) => `Você quis dizer: ${names}?`,
    noSuggestions: 'Rode "ialctl drift check" para ver os recursos com drift.',
    inSync: (name) => `✓ ${name} está em sincronia: Git e AWS concordam.`,
    noSuchResource: (name) => `Não existe recurso "${name}": nem nos arquivos de fase nem na AWS.`,
    noSuchResourceHint: 'Use o logical id dos arquivos de fase (ex.: MainDb) ou o id físico na AWS (ex.: rds-main-db).',
    notChecked: (name, reason) => `"${name}" não foi verificado: ${reason}`,
  },
};
