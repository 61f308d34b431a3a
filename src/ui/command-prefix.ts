// How the commands the chat suggests start: `ialctl --demo …` in the demo, so each runs as printed.
import { createContext, useContext } from 'react';

export const CommandPrefixContext = createContext('ialctl');

export function useCommandPrefix(): string {
  return useContext(CommandPrefixContext);
}
