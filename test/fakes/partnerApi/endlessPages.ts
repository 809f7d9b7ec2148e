/**
 * A Partner API that never reaches the last page: it ignores `after` (every answer is the first page
 * of the requested window) and always says `hasNextPage: true`. With `cursors: 'same'` every answer
 * carries the same cursors (a client sees its cursor repeat); with `cursors: 'fresh'` each answer's
 * cursors are new, so only a page cap or a deadline stops a client. An empty window still ends (no
 * edge, no cursor to follow).
 */
export interface EndlessPages {
  cursors: 'same' | 'fresh';
  /** operationName or root field (e.g. "PartnerbotAppEvents"); every paged query when absent. */
  operation?: string;
  /** Answer normally again after this many endless answers, so a test of unbounded code still ends. */
  upTo?: number;
}

type Json = Record<string, unknown>;

export class EndlessPagesMode {
  private mode: EndlessPages | null = null;
  private answers = 0;

  set(mode: EndlessPages | null): void {
    this.mode = mode;
    this.answers = 0;
  }

  /** Endless answers served since the mode was set. */
  get served(): number {
    return this.answers;
  }

  applies(operationName: string | null, rootField: string | null): boolean {
    const mode = this.mode;
    if (!mode || (mode.upTo !== undefined && this.answers >= mode.upTo)) return false;
    return !mode.operation || mode.operation === operationName || mode.operation === rootField;
  }

  /** The variables the broken API really uses: no `after`. */
  rewriteVariables(variables: Json | null): Json {
    return { ...variables, after: null };
  }

  /** Marks every connection in the answer as having a next page, with fresh cursors if asked. */
  rewriteResult(result: Json): Json {
    this.answers += 1;
    const answer = this.answers;
    const fresh = this.mode?.cursors === 'fresh';
    const visit = (value: unknown): void => {
      if (!value || typeof value !== 'object') return;
      const record = value as Json;
      if (Array.isArray(record.edges) && record.pageInfo && typeof record.pageInfo === 'object') {
        (record.pageInfo as Json).hasNextPage = true;
        if (fresh) for (const edge of record.edges as Json[]) edge.cursor = `${String(edge.cursor)}~${answer}`;
      }
      for (const child of Object.values(record)) visit(child);
    };
    visit(result.data);
    return result;
  }
}
