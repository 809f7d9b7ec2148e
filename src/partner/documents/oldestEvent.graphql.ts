// The oldest event of an app: `last: 1` on the newest-first connection. The API gives no totals, so
// this instant is what an import-progress percentage is measured against.
export const OLDEST_EVENT_QUERY = /* GraphQL */ `
  query PartnerbotOldestEvent($appId: ID!) {
    app(id: $appId) {
      id
      events(last: 1) {
        edges {
          node {
            occurredAt
          }
        }
      }
    }
  }
`;
