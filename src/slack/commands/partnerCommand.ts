import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import { buildHelpMessage } from './helpView.ts';
import { parseCommandText } from './parseCommand.ts';

export const SLASH_COMMAND = '/partner';

/** What a subcommand handler gets: the parsed command and the means to answer it. */
export interface CommandContext {
  workspaceId: string;
  enterpriseId: string | undefined;
  userId: string;
  channelId: string;
  triggerId: string;
  args: string;
  isPublic: boolean;
  respond: RespondFn;
  client: WebClient;
  logger: Logger;
}

export type SubcommandHandler = (ctx: CommandContext) => Promise<void>;

/**
 * Routes `/partner <subcommand>`. It acks at once (Slack allows 3 s), then runs the handler;
 * anything unknown gets help, and a failure gets a short, safe message with a reference the
 * operator can find in the logs — never a stack trace.
 */
export function registerPartnerCommand(app: App, logger: Logger, handlers: Record<string, SubcommandHandler>): void {
  app.command(SLASH_COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const parsed = parseCommandText(command.text ?? '');
    const scoped = logger.child({ teamId: command.team_id, userId: command.user_id, subcommand: parsed.subcommand });
    const handler = Object.hasOwn(handlers, parsed.subcommand) ? handlers[parsed.subcommand] : undefined;
    if (!handler) {
      const unknown = parsed.subcommand === 'help' ? undefined : (command.text ?? '').trim();
      await respond({ response_type: 'ephemeral', ...buildHelpMessage(unknown) });
      return;
    }
    try {
      await handler(toContext(command, parsed, respond, client, scoped));
    } catch (error) {
      await replyWithFailure(respond, scoped, error);
    }
  });
}

function toContext(
  command: SlashCommand,
  parsed: ReturnType<typeof parseCommandText>,
  respond: RespondFn,
  client: WebClient,
  logger: Logger,
): CommandContext {
  return {
    workspaceId: command.team_id,
    enterpriseId: command.enterprise_id,
    userId: command.user_id,
    channelId: command.channel_id,
    triggerId: command.trigger_id,
    args: parsed.args,
    isPublic: parsed.isPublic,
    respond,
    client,
    logger,
  };
}

export async function replyWithFailure(respond: RespondFn, logger: Logger, error: unknown): Promise<void> {
  const reference = randomUUID().slice(0, 8);
  logger.error('Command failed', { reference, error });
  await respond({
    response_type: 'ephemeral',
    text: `Sorry, that did not work because of a problem on our side. Please try again in a minute; if it keeps failing, give your admin this reference: ${reference}.`,
  }).catch((respondError: unknown) => logger.warn('Could not tell the user about a failure', { reference, error: respondError }));
}
