import type { HistoryMessage, Json } from './fakeSlackTypes.ts';

/**
 * The messages Slack holds per channel, as conversations.history serves them: newest first, from
 * `oldest`, `limit` per page with a cursor. Every chat.postMessage the fake accepts lands here, with
 * its metadata and the bot_id/app_id Slack stamps on it, so "is it already in the channel?" checks
 * meet what Slack would answer.
 */
export function createChannelHistory() {
  const byChannel = new Map<string, HistoryMessage[]>();
  return {
    add(channel: string, message: HistoryMessage): void {
      const list = byChannel.get(channel) ?? [];
      list.push(message);
      byChannel.set(channel, list);
    },
    /** Oldest first: what a person scrolling the channel sees. */
    of(channel: string): HistoryMessage[] {
      return [...(byChannel.get(channel) ?? [])];
    },
    clear(): void {
      byChannel.clear();
    },
    answer(args: Json): Json {
      const channel = typeof args.channel === 'string' ? args.channel : '';
      const oldest = Number(args.oldest ?? 0);
      const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
      const start = Number(typeof args.cursor === 'string' && args.cursor ? args.cursor : 0);
      const newestFirst = (byChannel.get(channel) ?? []).filter((m) => Number(m.ts) > oldest).reverse();
      const page = newestFirst.slice(start, start + limit);
      const more = start + limit < newestFirst.length;
      return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
    },
  };
}
