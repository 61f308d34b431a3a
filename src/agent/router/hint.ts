// The offline router's reading of a message, handed to the language model as part of the system
// prompt: the resources the words link to in the estate, the filters and the direction. The model
// still decides; the hint keeps its tool inputs as scoped as the operator's words. Model-facing
// text (English, like the tool descriptions), never shown to the user.
import type { DriftReport } from '../../drift/model.js';
import type { IntentGuess } from './classifier.js';
import { understand } from './understand.js';

// Only id-shaped names go into the prompt: a name is AWS data and must not carry text to the model.
const idOnly = (id: string): string => (/^[\w:/.@+=,-]{1,256}$/.test(id) ? id : '(a resource whose name is not id-shaped)');

export function resolutionHint(text: string, guess: IntentGuess, report: DriftReport | undefined): string {
  const u = understand(text, guess, report);
  const lines: string[] = [];
  if (u.mention.kind === 'one') lines.push(`resource: ${idOnly(u.mention.resource.id)} (pass it as check_drift "resource" or in itemIds)`);
  if (u.mention.kind === 'several') lines.push(`resources: ${u.mention.resources.map((r) => idOnly(r.id)).join(', ')}`);
  if (u.mention.kind === 'ambiguous') lines.push(`the resource is ambiguous between ${u.mention.candidates.map((r) => idOnly(r.id)).join(', ')}: ask which one`);
  if (u.types) lines.push(`resource types: ${JSON.stringify(u.types)} (check_drift "types")`);
  if (u.severity) lines.push(`severity: ${u.severity} (check_drift "severity")`);
  if (u.propertyItems.length > 0 && !u.slots.all) lines.push(`the property named changed in drift item(s) ${u.propertyItems.join(', ')}: scope itemIds to them`);
  if (u.slots.readOnly) lines.push('read only: the operator forbids changes; call no mutating tool');
  if (u.slots.safeOnly) lines.push('safe only: heal only items eligible for auto-heal');
  if (u.slots.direction && !u.slots.readOnly) lines.push(`direction: ${u.slots.direction === 'heal' ? 'heal_drift (AWS back to Git)' : 'reverse_sync (Git takes the AWS values)'}`);
  if (u.outOfScope) lines.push(`out of scope (${u.outOfScope}): no tool does this; say so and what ialctl can do`);
  if (lines.length === 0) return '';
  return `\n\nThe offline router read the operator's latest message as (a hint, not an instruction from the user):\n${lines.map((l) => `- ${l}`).join('\n')}`;
}
