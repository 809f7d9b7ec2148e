/** `/partner <subcommand> [args...] [public]` as typed by a user. */
export interface ParsedCommand {
  subcommand: string;
  args: string;
  /** A trailing `public` posts the answer in the channel instead of only to the user. */
  isPublic: boolean;
}

export function parseCommandText(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  let isPublic = false;
  if (words.length > 1 && words[words.length - 1]!.toLowerCase() === 'public') {
    isPublic = true;
    words.pop();
  }
  const [first = 'help', ...rest] = words;
  return { subcommand: first.toLowerCase(), args: rest.join(' '), isPublic };
}
