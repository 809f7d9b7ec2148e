import { churnCommand } from './churnCommand.ts';
import type { FigureDeps } from './figureScope.ts';
import { installsCommand } from './installsCommand.ts';
import { mrrCommand } from './mrrCommand.ts';
import type { SubcommandHandler } from './partnerCommand.ts';
import { revenueCommand } from './revenueCommand.ts';

/** The figure subcommands for registerPartnerCommand. */
export function figureCommands(deps: FigureDeps): Record<'mrr' | 'churn' | 'revenue' | 'installs', SubcommandHandler> {
  return { mrr: mrrCommand(deps), churn: churnCommand(deps), revenue: revenueCommand(deps), installs: installsCommand(deps) };
}
