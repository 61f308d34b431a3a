// The header line: where the live state comes from, which assistant answers, in which language.
import { Text } from 'ink';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { Mode } from '../../agent/events.js';
import type { UiMessages } from '../../i18n/ui.js';
import type { ChatSource } from '../chat-agent.js';
import { useTheme } from '../theme.js';

export interface HeaderProps {
  source: ChatSource;
  /** From the last report: the account and region actually read. */
  account?: { accountId: string | null; region: string };
  mode: Mode;
  model?: string;
  m: UiMessages;
}

export function headerParts({ source, account, mode, model, m }: HeaderProps): { where: string[]; assistant: string; language: string } {
  const where: string[] = [];
  switch (source.kind) {
    case 'demo':
      where.push(m.header.demo);
      break;
    case 'snapshot':
      where.push(sanitizeInline(source.file));
      break;
    case 'aws':
      if (source.profile) where.push(m.header.profile(sanitizeInline(source.profile)));
      break;
  }
  if (account?.accountId) where.push(m.header.account(sanitizeInline(account.accountId)));
  const region = account?.region ?? (source.kind === 'aws' ? source.region : undefined);
  if (region) where.push(m.header.region(sanitizeInline(region)));
  else if (source.kind === 'aws') where.push(m.header.defaultRegion);
  const assistant = mode === 'offline' || model === undefined ? m.header.mode[mode] : `${m.header.mode[mode]} · ${sanitizeInline(model)}`;
  return { where, assistant, language: m.header.language(m.languageCode) };
}

export function Header(props: HeaderProps) {
  const theme = useTheme();
  const { where, assistant, language } = headerParts(props);
  return (
    <Text wrap="truncate-end">
      <Text color={theme.text.accent} bold>
        ialctl
      </Text>
      <Text color={theme.text.secondary}> · </Text>
      <Text>{where.join(' · ')}</Text>
      <Text color={theme.text.secondary}> · </Text>
      <Text color={props.mode === 'offline' ? theme.status.warning : theme.status.success}>{assistant}</Text>
      <Text color={theme.text.secondary}> · {language}</Text>
    </Text>
  );
}
