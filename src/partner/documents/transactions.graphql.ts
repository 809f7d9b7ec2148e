// The five app-sale types share their fields but Transaction (the interface) only has id/createdAt,
// so the money fields are selected per type. `shop`, `grossAmount` and `shopifyFee` are nullable.
export const TRANSACTIONS_QUERY = /* GraphQL */ `
  query PartnerbotTransactions(
    $appId: ID!
    $first: Int!
    $after: String
    $createdAtMin: DateTime
    $createdAtMax: DateTime
  ) {
    transactions(
      appId: $appId
      first: $first
      after: $after
      createdAtMin: $createdAtMin
      createdAtMax: $createdAtMax
      types: [APP_SUBSCRIPTION_SALE, APP_USAGE_SALE, APP_ONE_TIME_SALE, APP_SALE_ADJUSTMENT, APP_SALE_CREDIT]
    ) {
      pageInfo {
        hasNextPage
      }
      edges {
        cursor
        node {
          __typename
          id
          createdAt
          ... on AppSubscriptionSale {
            billingInterval
            chargeId
            app { id }
            shop { id myshopifyDomain name }
            grossAmount { amount currencyCode }
            netAmount { amount currencyCode }
            shopifyFee { amount currencyCode }
          }
          ... on AppUsageSale {
            chargeId
            app { id }
            shop { id myshopifyDomain name }
            grossAmount { amount currencyCode }
            netAmount { amount currencyCode }
            shopifyFee { amount currencyCode }
          }
          ... on AppOneTimeSale {
            chargeId
            app { id }
            shop { id myshopifyDomain name }
            grossAmount { amount currencyCode }
            netAmount { amount currencyCode }
            shopifyFee { amount currencyCode }
          }
          ... on AppSaleAdjustment {
            chargeId
            app { id }
            shop { id myshopifyDomain name }
            grossAmount { amount currencyCode }
            netAmount { amount currencyCode }
            shopifyFee { amount currencyCode }
          }
          ... on AppSaleCredit {
            chargeId
            app { id }
            shop { id myshopifyDomain name }
            grossAmount { amount currencyCode }
            netAmount { amount currencyCode }
            shopifyFee { amount currencyCode }
          }
        }
      }
    }
  }

`;
