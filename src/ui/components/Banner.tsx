// Printed once at the top: what this is, the header line, and in offline mode what to try.
import { Box, Text } from 'ink';
import type { UiMessages } from '../../i18n/ui.js';
import { useTheme } from '../theme.js';
import { Header, type HeaderProps } from './Header.js';

export function Banner(props: HeaderProps) {
  const theme = useTheme();
  const { m, mode } = props;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text color={theme.text.accent} bold>
        {m.banner.title}
      </Text>
      <Header {...props} />
      {mode === 'offline' ? <OfflineExamples m={m} /> : null}
      <Text color={theme.text.secondary}>{m.banner.hints}</Text>
    </Box>
  );
}

function OfflineExamples({ m }: { m: UiMessages }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginTop={1} marginBottom={1}>
      <Text color={theme.status.warning}>{m.banner.offline}</Text>
      <Text>{m.banner.examplesTitle}</Text>
      {m.banner.examples.map((example) => (
        <Text key={example} color={theme.text.accent}>
          {'  '}“{example}”
        </Text>
      ))}
    </Box>
  );
}
