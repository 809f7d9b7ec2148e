// `reason`/`description` exist only on RelationshipUninstalled and `charge` only on the charge-event
// interfaces, so they must sit in fragments: selecting them on AppEvent is rejected (samples.md §15).
export const APP_EVENTS_QUERY = /* GraphQL */ `
  query PartnerbotAppEvents(
    $appId: ID!
    $first: Int!
    $after: String
    $occurredAtMin: DateTime
    $occurredAtMax: DateTime
    $types: [AppEventTypes!]
  ) {
    app(id: $appId) {
      id
      events(
        first: $first
        after: $after
        occurredAtMin: $occurredAtMin
        occurredAtMax: $occurredAtMax
        types: $types
      ) {
        pageInfo {
          hasNextPage
        }
        edges {
          cursor
          node {
            __typename
            type
            occurredAt
            shop {
              id
              myshopifyDomain
              name
            }
            ... on RelationshipUninstalled {
              reason
              description
            }
            ... on AppSubscriptionEvent {
              charge {
                id
                name
                test
                billingOn
                amount {
                  amount
                  currencyCode
                }
              }
            }
            ... on AppPurchaseOneTimeEvent {
              charge {
                id
                name
                test
                amount {
                  amount
                  currencyCode
                }
              }
            }
            ... on AppUsageRecordEvent {
              charge {
                id
                name
                test
                amount {
                  amount
                  currencyCode
                }
              }
            }
            ... on AppCreditEvent {
              appCredit {
                id
                name
                test
                amount {
                  amount
                  currencyCode
                }
              }
            }
          }
        }
      }
    }
  }
`;
