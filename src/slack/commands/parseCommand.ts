/** `/partner <subcommand> [args...] [public]` as typed by a user. */
export interface ParsedCommand {
  subcommand: string;
  args: string;
  /** A trailing `public` posts the answer in the channel instead of only to the user. */
  isPublic: boolean;
}

/**
 * The command text as Slack sends it (the manifest sets should_escape: true, so a picked channel
 * arrives as `<#C1|name>`, a user as `<@U1>`, a group as `<!subteam^S1>`) read back into what the
 * user typed where that matters: a link Slack made of a shop's domain (`<http://x.myshopify.com|x.myshopify.com>`)
 * becomes the domain again, and `&amp;`, `&lt;`, `&gt;` the characters. Channel, user and group
 * tokens stay as they are: the alerts command reads ids from them.
 */
export function parseCommandText(text: string): ParsedCommand {
  const words = unescapeCommandText(text)
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  let isPublic = false;
  if (words.length > 1 && words[words.length - 1]!.toLowerCase() === 'public') {
    isPublic = true;
    words.pop();
  }
  const [first = 'help', ...rest] = words;
  return { subcommand: first.toLowerCase(), args: rest.join(' '), isPublic };
}

/** Slack's link tokens back to their text, then its three entities back to characters. */
export function unescapeCommandText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^<>|]*)(?:\|([^<>]*))?>/gi, (_all, url: string, label?: string) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
