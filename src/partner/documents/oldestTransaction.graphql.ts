// The oldest app-sale transaction of an app (same types as the transactions document), for the
// import-progress percentage.
export const OLDEST_TRANSACTION_QUERY = /* GraphQL */ `
  query PartnerbotOldestTransaction($appId: ID!) {
    transactions(
      appId: $appId
      last: 1
      types: [APP_SUBSCRIPTION_SALE, APP_USAGE_SALE, APP_ONE_TIME_SALE, APP_SALE_ADJUSTMENT, APP_SALE_CREDIT]
    ) {
      edges {
        node {
          createdAt
        }
      }
    }
  }
`;
