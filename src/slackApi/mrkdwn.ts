/** Escapes the three characters Slack's mrkdwn gives meaning to (`<@U1>`, `<url|text>`, entities). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Merchant text, escaped and cut to `max` characters (Slack counts characters, not code units). */
export function merchantText(text: string, max = 500): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
  return escapeMrkdwn(cut);
}
