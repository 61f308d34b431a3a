// The shape every language must fill in. Messages with values are functions, so each language
// controls word order and plurals; a key missing from one catalogue is a compile error.
// Organised by area: `common` for words shared across features, one section per feature after that.

import type { DriftType, Severity } from '../drift/model.js';

export interface CommonMessages {
  severity: Record<Severity, string>;
  driftType: Record<DriftType, string>;
  /** Separator between items of an inline list ("a, b, c"). */
  listSeparator: string;
}

export interface ReportMessages {
  title: string;
  region: (region: string) => string;
  account: (accountId: string) => string;
  generatedAt: (iso: string) => string;
  complete: string;
  incomplete: (errorCount: number) => string;
  errorTypes: (types: string) => string;
  errorMissingPermission: (action: string) => string;
  /** What to check for a read error code ialctl itself raises (NotAnAwsAnswer…); undefined for others. */
  errorHint: (code: string) => string | undefined;
  notCheckedWarning: string;

  summaryTitle: string;
  resources: string;
  inSync: string;
  drifted: string;
  notChecked: string;
  severityLabel: string;
  coverageLabel: string;
  coverage: (compared: number, notChecked: number) => string;

  /** Line for an ADD difference: the value exists in AWS only. */
  added: (path: string, value: string) => string;
  /** Line for a REMOVE difference: declared in Git, absent in AWS. */
  removed: (path: string) => string;
  missingResource: string;
  extraResource: string;
  notInGit: string;
  reasons: (reasons: string) => string;
  autoHealEligible: string;
  autoHealNotEligible: (reason: string) => string;

  inSyncAll: (resources: number) => string;
  noDriftButIncomplete: string;
  /** Header line when declared resources were not compared: `0 of 1 declared resources compared; 1 not checked: …`. */
  partial: (checked: number, declared: number, notChecked: number, reasons: string) => string;
  /** Tail of a reason list that was cut. */
  moreReasons: (count: number) => string;
  /** No drift among what was compared, but some declared resources were not compared. */
  noDriftButNotChecked: (checked: number) => string;
  /** Not one declared resource was compared. */
  nothingCompared: string;
  /** Summary cell: `0 of 1 declared`. */
  comparedLabel: string;
  comparedOf: (checked: number, declared: number) => string;
  stepDetail: string;

  notCheckedTitle: string;

  nextStepsTitle: string;
  stepDiff: string;
  /** Both counts, named apart: unattended-eligible (policy auto-heal) and healable with your approval. */
  stepHeal: (unattendedEligible: number, withApproval: number) => string;
  stepHealApply: string;
  stepReverseSyncResource: string;
  /** Labels the arrow of a difference line. */
  arrowLegend: string;
  stepReverseSync: string;
  stepRecheck: string;

  metric: string;
  value: string;
  columnResource: string;
  columnType: string;
  columnChange: string;
  columnFile: string;
  /** Differences left out of a table cell. */
  moreDifferences: (count: number) => string;
}

export interface DiffMessages {
  expected: string;
  actual: string;
  notFound: (name: string) => string;
  suggestions: (names: string) => string;
  noSuggestions: string;
  /** The resource was checked and Git and AWS agree. */
  inSync: (name: string) => string;
  /** No resource of that name, neither declared in the phases nor read from AWS. */
  noSuchResource: (name: string) => string;
  noSuchResourceHint: string;
  notChecked: (name: string, reason: string) => string;
}

export interface Catalogue {
  common: CommonMessages;
  report: ReportMessages;
  diff: DiffMessages;
}
